import { errorMessage } from "@atrium/ui";
import { ActionIcon, Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

interface Row {
  idpGroup: string;
  role: string;
}

/** IdP group → role, applied at every sign-in (highest system role wins; no match: the default role). */
export function RoleMappingsCard({ orgId, connectionId, defaultRole, canEdit }: { orgId: string; connectionId: string; defaultRole: string; canEdit: boolean }) {
  const mappings = useQuery(trpc.sso.roleMappings.list.queryOptions({ orgId, connectionId }));
  const roles = useQuery(trpc.roles.list.queryOptions({ orgId }));
  const [draft, setDraft] = useState<Row[] | null>(null);
  const rows = draft ?? mappings.data?.map((m) => ({ idpGroup: m.idpGroup, role: m.role.key })) ?? [];
  const save = useMutation(
    trpc.sso.roleMappings.set.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        await queryClient.invalidateQueries({ queryKey: trpc.sso.roleMappings.list.queryKey() });
        notifications.show({ color: "green", message: "Role mappings saved." });
      },
    }),
  );
  const roleOptions = (roles.data ?? []).filter((r) => r.key !== "owner").map((r) => ({ value: r.key, label: r.custom ? `${r.name} (custom)` : r.name }));
  const edit = (index: number, patch: Partial<Row>) => setDraft(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  return (
    <Paper withBorder p="lg" component="section" aria-label="Role mappings">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">Group → role mappings</Title>
          <Text size="sm" c="dimmed">
            Applied at every sign-in from the IdP's groups: the highest mapped system role wins, else a mapped custom role, else the
            default role ({defaultRole}). Owners are never changed by SSO.
          </Text>
        </div>
        {mappings.isError && <Alert color="red" role="alert">{errorMessage(mappings.error)}</Alert>}
        <MutationError error={save.error} />
        {rows.length === 0 && <Text size="sm" c="dimmed">No mapping: everyone gets the default role.</Text>}
        {rows.map((row, index) => (
          <Group key={index} align="flex-end">
            <TextInput label="IdP group" value={row.idpGroup} onChange={(e) => edit(index, { idpGroup: e.currentTarget.value })} disabled={!canEdit} />
            <Select label={`Role for ${row.idpGroup || "this group"}`} data={roleOptions} value={row.role} onChange={(v) => v && edit(index, { role: v })} disabled={!canEdit} />
            {canEdit && (
              <ActionIcon variant="subtle" color="red" aria-label={`Remove mapping ${row.idpGroup}`} onClick={() => setDraft(rows.filter((_, i) => i !== index))} mb={4}>
                ✕
              </ActionIcon>
            )}
          </Group>
        ))}
        {canEdit && (
          <Group>
            <Button variant="default" onClick={() => setDraft([...rows, { idpGroup: "", role: "member" }])}>Add mapping</Button>
            <Button disabled={draft === null} loading={save.isPending} onClick={() => save.mutate({ orgId, connectionId, mappings: rows.filter((r) => r.idpGroup.trim()) })}>
              Save mappings
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
