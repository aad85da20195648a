import { FormModal, useZodForm } from "@atrium/ui";
import { Select, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { useRoleOptions } from "../roles/use-role-options.ts";

/** What the form checks before asking the server (which checks the e-mail's parts and the role). */
const ZInviteForm = z.object({ email: z.email().max(254), roleKey: z.string().min(1) });

/** Invites one person by e-mail with a role; they get a link valid for seven days. */
export function InviteModal({ orgId, onClose, onInvited }: { orgId: string; onClose(): void; onInvited(): void }) {
  const roleOptions = useRoleOptions(orgId, { forAssigning: true });
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async (_data, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
        notifications.show({ color: "green", message: `Invitation sent to ${input.email.toLowerCase()}.` });
        onInvited();
      },
    }),
  );
  const form = useZodForm(ZInviteForm, { email: "", roleKey: "member" }, invite.error);

  return (
    <FormModal
      title="Invite people"
      form={form}
      onSubmit={(values) => invite.mutate({ orgId, email: values.email.trim(), roleKey: values.roleKey })}
      onClose={onClose}
      submitLabel="Send invitation"
      mutation={invite}
    >
      <TextInput label="E-mail" type="email" required maxLength={254} placeholder="name@company.com" data-autofocus {...form.getInputProps("email")} />
      <Select label="Role" required allowDeselect={false} data={roleOptions} {...form.getInputProps("roleKey")} />
    </FormModal>
  );
}
