import { ActionBar, Button, Text } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import type { BulkKind } from "./bulk-confirm-modal.tsx";

const BUTTONS = [
  { kind: "change_role", label: "Change role", permission: "members:update_role", needs: null },
  { kind: "deactivate", label: "Deactivate", permission: "members:deactivate", needs: "active" },
  { kind: "reactivate", label: "Reactivate", permission: "members:reactivate", needs: "deactivated" },
  { kind: "remove", label: "Remove", permission: "members:remove", needs: null, color: "red" },
] as const;

/** Appears while members are selected: one action for all of them. */
export function BulkActionBar({
  count,
  statuses,
  access,
  onAction,
  onClear,
}: {
  count: number;
  /** Which statuses the selection contains: deactivating needs an active member, reactivating a deactivated one. */
  statuses: ReadonlySet<"active" | "deactivated">;
  access: MyAccess;
  onAction(kind: BulkKind): void;
  onClear(): void;
}) {
  return (
    <ActionBar opened={count > 0} onClose={onClear} closeOnEscape aria-label="Bulk actions on selected members">
      <Text size="sm" fw={600} px="xs" aria-live="polite">
        {count} selected
      </Text>
      <ActionBar.Divider />
      {BUTTONS.filter((b) => access.can(b.permission) && (b.needs === null || statuses.has(b.needs))).map((b) => (
        <Button key={b.kind} size="xs" variant="light" color={"color" in b ? b.color : undefined} onClick={() => onAction(b.kind)}>
          {b.label}
        </Button>
      ))}
      <ActionBar.CloseButton aria-label="Clear selection" />
    </ActionBar>
  );
}
