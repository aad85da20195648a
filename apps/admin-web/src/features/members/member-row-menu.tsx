import { ActionIcon, Menu } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import type { Member } from "./types.ts";

export type MemberAction = "change_role" | "deactivate" | "reactivate" | "remove" | "transfer";

/** The actions the caller may take on one member, or nothing when there are none. */
export function MemberRowMenu({
  member,
  access,
  isSelf,
  onAction,
}: {
  member: Member;
  access: MyAccess;
  isSelf: boolean;
  onAction(action: MemberAction): void;
}) {
  const active = member.status === "active";
  // Only an owner changes, deactivates, reactivates or removes another owner.
  const mayTouch = access.isOwner || member.role.custom || member.role.key !== "owner";
  const items = [
    mayTouch && access.can("members:update_role") && { action: "change_role" as const, label: "Change role…" },
    mayTouch && active && access.can("members:deactivate") && !isSelf && { action: "deactivate" as const, label: "Deactivate" },
    mayTouch && !active && access.can("members:reactivate") && { action: "reactivate" as const, label: "Reactivate" },
    active && access.isOwner && access.can("members:transfer_ownership") && !isSelf && member.role.key !== "owner" && {
      action: "transfer" as const,
      label: "Make owner…",
    },
    mayTouch && access.can("members:remove") && !isSelf && { action: "remove" as const, label: "Remove from organization…", color: "red" },
  ].filter((item) => item !== false);

  if (items.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${member.name}`}>
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((item) => (
          <Menu.Item key={item.action} color={"color" in item ? item.color : undefined} onClick={() => onAction(item.action)}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
