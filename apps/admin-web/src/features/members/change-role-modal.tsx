import { FormModal, useZodForm } from "@atrium/ui";
import { Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { roleLabel } from "../roles/role-label.ts";
import { useRoleOptions } from "../roles/use-role-options.ts";
import { refreshMembers } from "./refresh.ts";
import type { Member } from "./types.ts";

/** The role to give; the server checks that it exists and that the caller may assign it. */
const ZChangeRoleForm = z.object({ roleKey: z.string().min(1) });

/** Gives a member another role; submitting is possible once the role differs from the current one. */
export function ChangeRoleModal({ orgId, member, onClose }: { orgId: string; member: Member; onClose(): void }) {
  const roleOptions = useRoleOptions(orgId, { forAssigning: true });
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async (_data, input) => {
        await refreshMembers();
        const label = roleOptions.flatMap((g) => g.items).find((o) => o.value === input.roleKey)?.label ?? "the new role";
        notifications.show({ color: "green", message: `${member.name} is now ${label}.` });
        onClose();
      },
    }),
  );
  const form = useZodForm(ZChangeRoleForm, { roleKey: member.role.key }, change.error);
  const roleKey = form.getValues().roleKey;

  return (
    <FormModal
      title={`Change the role of ${member.name}`}
      form={form}
      onSubmit={(values) => change.mutate({ orgId, userId: member.userId, roleKey: values.roleKey })}
      onClose={onClose}
      submitLabel="Change role"
      pending={change.isPending}
      submitDisabled={!roleKey || roleKey === member.role.key}
      error={change.error}
    >
      <Text size="sm" c="dimmed">Current role: {roleLabel(member.role)}</Text>
      <Select label="New role" required allowDeselect={false} data={roleOptions} data-autofocus {...form.getInputProps("roleKey")} />
    </FormModal>
  );
}
