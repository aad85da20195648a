import { Button, Group, Tooltip } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import { MAX_DEPTH } from "./hierarchy.ts";
import type { HierarchyNode } from "./types.ts";

export type OrgAction = "create_child" | "move" | "archive" | "restore";

/** The first reason an action cannot be taken here, or null. */
function blocker(action: OrgAction, node: HierarchyNode, access: MyAccess): string | null {
  const archived = node.status === "archived";
  switch (action) {
    case "create_child":
      if (archived) return "Restore this organization before adding to it";
      if (node.depth >= MAX_DEPTH) return `Organizations can be nested at most ${MAX_DEPTH} levels deep`;
      return access.can("org:create_child") ? null : "Your role here cannot create organizations";
    case "move":
      if (!node.parentId) return "A top-level organization cannot be moved";
      if (archived) return "Restore this organization before moving it";
      return access.can("org:move") ? null : "Your role here cannot move organizations";
    case "archive":
      if (!node.parentId) return "A top-level organization cannot be archived";
      return access.can("org:archive") ? null : "Your role here cannot archive organizations";
    case "restore":
      return access.can("org:restore") ? null : "Your role here cannot restore organizations";
  }
}

/** What can be done to the selected organization; an action the user cannot take is disabled and says why. */
export function OrgActions({ node, access, onAction }: { node: HierarchyNode; access: MyAccess; onAction(action: OrgAction): void }) {
  const archived = node.status === "archived";
  const buttons: { action: OrgAction; label: string; variant: string; color?: string }[] = [
    { action: "create_child", label: "Create child organization", variant: "filled" },
    { action: "move", label: "Move…", variant: "default" },
    archived
      ? { action: "restore", label: "Restore", variant: "light" }
      : { action: "archive", label: "Archive…", variant: "subtle", color: "red" },
  ];
  return (
    <Group gap="sm">
      {buttons.map((b) => {
        const reason = access.isPending ? null : blocker(b.action, node, access);
        return (
          <Tooltip key={b.action} label={reason} disabled={reason === null}>
            <Button
              variant={b.variant}
              color={b.color}
              disabled={reason !== null || access.isPending}
              aria-label={b.action === "move" ? `Move ${node.name}` : b.action === "archive" ? `Archive ${node.name}` : undefined}
              onClick={() => onAction(b.action)}
            >
              {b.label}
            </Button>
          </Tooltip>
        );
      })}
    </Group>
  );
}
