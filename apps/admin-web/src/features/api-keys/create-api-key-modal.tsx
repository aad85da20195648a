import type { Permission } from "@atrium/rbac";
import { Button, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { PermissionPicker } from "../roles/permission-picker.tsx";
import type { NewSecret } from "./types.ts";

/** YYYY-MM-DD of a local date, as a date input wants it. */
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** Names a key, picks its permissions (no more than the creator holds) and an optional last day. */
export function CreateApiKeyModal({ orgId, onClose, onCreated }: { orgId: string; onClose(): void; onCreated(secret: NewSecret): void }) {
  const access = useMyAccess(orgId);
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<ReadonlySet<Permission>>(new Set());
  const [expiresOn, setExpiresOn] = useState("");
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      // The secret goes to the one-time dialog, not into the mutation cache.
      gcTime: 0,
      onSuccess: async (created, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        onCreated({ name: input.name, token: created.token, rotated: false });
      },
    }),
  );
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  const problem = name.trim() === "" ? "Name the key." : permissions.size === 0 ? "Choose at least one permission." : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    // A key expiring "on" a day works until the end of that day, local time.
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`) : null;
    create.mutate({ orgId, name: name.trim(), permissions: [...permissions], expiresAt });
  }

  return (
    <Modal opened onClose={onClose} title="Create API key" size="xl" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" description="Say what uses it, e.g. “HR sync”." required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput
            label="Expires on"
            description="Optional. Leave empty for a key that works until revoked."
            type="date"
            min={isoDay(tomorrow)}
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.currentTarget.value)}
            w={260}
          />
          <div>
            <Title order={3} size="h5">Permissions</Title>
            <Text size="sm" c="dimmed">{permissions.size} selected. A key can have only permissions you hold yourself.</Text>
          </div>
          <PermissionPicker value={permissions} onChange={setPermissions} holds={access.can} />
          <MutationError error={create.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{problem}</Text>
            <Group>
              <Button variant="default" onClick={onClose}>Cancel</Button>
              <Button type="submit" loading={create.isPending} disabled={problem !== null}>Create key</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
