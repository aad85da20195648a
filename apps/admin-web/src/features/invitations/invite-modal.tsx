import { fieldError, onlyFieldErrors } from "@atrium/ui";
import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useRoleOptions } from "../roles/use-role-options.ts";

/** Invites one person by e-mail with a role; they get a link valid for seven days. */
export function InviteModal({ orgId, onClose, onInvited }: { orgId: string; onClose(): void; onInvited(): void }) {
  const roleOptions = useRoleOptions(orgId, { forAssigning: true });
  const [email, setEmail] = useState("");
  const [roleKey, setRoleKey] = useState<string | null>("member");
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
        notifications.show({ color: "green", message: `Invitation sent to ${email.trim().toLowerCase()}.` });
        onInvited();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (roleKey) invite.mutate({ orgId, email: email.trim(), roleKey });
  }

  return (
    <Modal opened onClose={onClose} title="Invite people" centered>
      <form onSubmit={submit}>
        <Stack>
          {!onlyFieldErrors(invite.error, ["email"]) && <MutationError error={invite.error} />}
          <TextInput
            label="E-mail"
            type="email"
            required
            maxLength={254}
            error={fieldError(invite.error, "email")}
            placeholder="name@company.com"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-autofocus
          />
          <Select label="Role" required allowDeselect={false} value={roleKey} data={roleOptions} onChange={setRoleKey} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={invite.isPending} disabled={!roleKey}>Send invitation</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
