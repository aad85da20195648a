import { ConfirmModal, formatCount } from "@atrium/ui";
import { notifications } from "@mantine/notifications";
import { Select, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useRoleOptions } from "../roles/use-role-options.ts";
import { refreshMembers } from "./refresh.ts";

export type BulkKind = "change_role" | "deactivate" | "reactivate" | "remove";

const plural = (n: number) => formatCount(n, "member");

const COPY: Record<BulkKind, { title: (n: number) => string; body: string; confirm: string; done: string; color: string }> = {
  change_role: { title: (n) => `Change the role of ${plural(n)}`, body: "Everyone selected gets the role you choose.", confirm: "Change role", done: "had their role changed", color: "atrium" },
  deactivate: { title: (n) => `Deactivate ${plural(n)}?`, body: "They are signed out and cannot use this organization until reactivated.", confirm: "Deactivate", done: "were deactivated", color: "orange" },
  reactivate: { title: (n) => `Reactivate ${plural(n)}?`, body: "They can use this organization again with their previous roles.", confirm: "Reactivate", done: "were reactivated", color: "atrium" },
  remove: { title: (n) => `Remove ${plural(n)}?`, body: "They lose access to this organization. To bring them back, invite them again.", confirm: "Remove", done: "were removed", color: "red" },
};

/** Confirms one action on the selected members; all of it happens or none of it does. */
export function BulkConfirmModal({
  orgId,
  kind,
  userIds,
  onDone,
  onClose,
}: {
  orgId: string;
  kind: BulkKind;
  userIds: string[];
  onDone(): void;
  onClose(): void;
}) {
  const copy = COPY[kind];
  const roleOptions = useRoleOptions(orgId, { forAssigning: true });
  const [roleKey, setRoleKey] = useState<string | null>(null);
  const bulk = useMutation(
    trpc.members.bulk.mutationOptions({
      onSuccess: async ({ updated }) => {
        await refreshMembers();
        notifications.show({ color: "green", message: `${plural(updated)} ${copy.done}.` });
        onDone();
      },
    }),
  );

  function confirm() {
    if (kind === "change_role") {
      if (roleKey) bulk.mutate({ orgId, userIds, action: { type: "change_role", roleKey } });
    } else {
      bulk.mutate({ orgId, userIds, action: { type: kind } });
    }
  }

  return (
    <ConfirmModal
      title={copy.title(userIds.length)}
      confirmLabel={`${copy.confirm} (${userIds.length})`}
      color={copy.color}
      mutation={bulk}
      disabled={kind === "change_role" && !roleKey}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Text size="sm">{copy.body}</Text>
        {kind === "change_role" && (
          <Select label="New role" required allowDeselect={false} placeholder="Choose a role" value={roleKey} data={roleOptions} onChange={setRoleKey} />
        )}
      </Stack>
    </ConfirmModal>
  );
}
