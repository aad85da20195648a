import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { roleLabel } from "../roles/role-label.ts";
import { useRoleOptions } from "../roles/use-role-options.ts";
import { refreshMembers } from "./refresh.ts";
import type { Member } from "./types.ts";

export function ChangeRoleModal({ orgId, member, onClose }: { orgId: string; member: Member; onClose(): void }) {
  const roleOptions = useRoleOptions(orgId, { forAssigning: true });
  const [roleKey, setRoleKey] = useState<string | null>(member.role.key);
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async () => {
        await refreshMembers();
        const label = roleOptions.flatMap((g) => g.items).find((o) => o.value === roleKey)?.label ?? "the new role";
        notifications.show({ color: "green", message: `${member.name} is now ${label}.` });
        onClose();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (roleKey) change.mutate({ orgId, userId: member.userId, roleKey });
  }

  return (
    <Modal opened onClose={onClose} title={`Change the role of ${member.name}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <MutationError error={change.error} />
          <Text size="sm" c="dimmed">Current role: {roleLabel(member.role)}</Text>
          <Select label="New role" required allowDeselect={false} value={roleKey} data={roleOptions} onChange={setRoleKey} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={change.isPending} disabled={!roleKey || roleKey === member.role.key}>Change role</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
