import { ActionIcon, Group, Tooltip } from "@mantine/core";
import type { CardId } from "./use-layout.ts";

/**
 * Pin, hide and move buttons of one card: real buttons with names, so they work from the
 * keyboard and a screen reader says which card each one acts on.
 */
export function CardControls({
  id,
  title,
  pinned,
  first,
  last,
  disabled,
  onPin,
  onHide,
  onMove,
}: {
  id: CardId;
  title: string;
  pinned: boolean;
  first: boolean;
  last: boolean;
  disabled: boolean;
  onPin(id: CardId, pinned: boolean): void;
  onHide(id: CardId): void;
  onMove(id: CardId, by: -1 | 1): void;
}) {
  const button = (label: string, glyph: string, onClick: () => void, off = false) => (
    <Tooltip label={label} withArrow>
      <ActionIcon variant={label.startsWith("Unpin") ? "filled" : "subtle"} color="gray" aria-label={label} onClick={onClick} disabled={disabled || off}>
        <span aria-hidden>{glyph}</span>
      </ActionIcon>
    </Tooltip>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {button(pinned ? `Unpin ${title}` : `Pin ${title}`, "📌", () => onPin(id, !pinned))}
      {button(`Move ${title} up`, "↑", () => onMove(id, -1), first)}
      {button(`Move ${title} down`, "↓", () => onMove(id, 1), last)}
      {button(`Hide ${title}`, "✕", () => onHide(id))}
    </Group>
  );
}
