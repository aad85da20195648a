import { ConfirmModal } from "@atrium/ui";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { client } from "../../lib/api.ts";
import { refreshMembers } from "./refresh.ts";
import type { Member } from "./types.ts";

type Target = { orgId: string; userId: string };

const ACTIONS = {
  deactivate: {
    title: (m: Member) => `Deactivate ${m.name}?`,
    body: (m: Member) => `${m.name} is signed out everywhere and cannot use this organization until reactivated. Their role is kept.`,
    confirm: "Deactivate",
    color: "orange",
    done: (m: Member) => `${m.name} was deactivated.`,
    run: (t: Target) => client.members.deactivate.mutate(t),
  },
  reactivate: {
    title: (m: Member) => `Reactivate ${m.name}?`,
    body: (m: Member) => `${m.name} can use this organization again with their previous role.`,
    confirm: "Reactivate",
    color: "atrium",
    done: (m: Member) => `${m.name} was reactivated.`,
    run: (t: Target) => client.members.reactivate.mutate(t),
  },
  remove: {
    title: (m: Member) => `Remove ${m.name}?`,
    body: (m: Member) => `${m.name} (${m.email}) loses access to this organization. To bring them back, invite them again.`,
    confirm: "Remove member",
    color: "red",
    done: (m: Member) => `${m.name} was removed.`,
    run: (t: Target) => client.members.remove.mutate(t),
  },
  transfer: {
    title: (m: Member) => `Make ${m.name} an owner?`,
    body: (m: Member) => `${m.name} becomes an owner of this organization and you become an admin. Only an owner can make you an owner again.`,
    confirm: "Transfer ownership",
    color: "red",
    done: (m: Member) => `${m.name} is now an owner.`,
    run: (t: Target) => client.members.transferOwnership.mutate(t),
  },
} as const;

export type ConfirmedMemberAction = keyof typeof ACTIONS;

/** Confirms and runs one status, removal or ownership change. */
export function MemberActionModal({
  orgId,
  member,
  action,
  onClose,
}: {
  orgId: string;
  member: Member;
  action: ConfirmedMemberAction;
  onClose(): void;
}) {
  const spec = ACTIONS[action];
  const run = useMutation({
    mutationFn: () => spec.run({ orgId, userId: member.userId }),
    onSuccess: async () => {
      await refreshMembers();
      notifications.show({ color: "green", message: spec.done(member) });
      onClose();
    },
  });
  return (
    <ConfirmModal
      title={spec.title(member)}
      confirmLabel={spec.confirm}
      color={spec.color}
      mutation={run}
      onConfirm={() => run.mutate()}
      onClose={onClose}
    >
      {spec.body(member)}
    </ConfirmModal>
  );
}
