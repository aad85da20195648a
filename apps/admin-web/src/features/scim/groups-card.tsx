import { errorMessage } from "@atrium/ui";
import { Alert, Group, Loader, NumberInput, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";

const SYSTEM = [
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
  { value: "viewer", label: "Viewer" },
];

/** Provisioned groups and the role each grants; members without a mapped group get the default role. */
export function GroupsCard({ orgId, defaultRole, canManage }: { orgId: string; defaultRole: string; canManage: boolean }) {
  const groups = useQuery(trpc.scim.groups.queryOptions({ orgId }));
  const roles = useQuery(trpc.roles.list.queryOptions({ orgId }));
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.scim.groups.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.scim.overview.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.scim.users.queryKey() });
  };
  const map = useMutation(
    trpc.scim.setGroupRole.mutationOptions({
      onSuccess: async (r) => {
        await refresh();
        notifications.show({ color: "green", message: r.recomputed === "queued" ? `Mapping saved; ${r.members} members' roles are being updated.` : `Mapping saved; ${r.recomputed} members' roles changed.` });
      },
    }),
  );
  const setDefault = useMutation(trpc.scim.setDefaultRole.mutationOptions({ onSuccess: refresh }));
  const custom = (roles.data ?? []).filter((r) => r.custom).map((r) => ({ value: `custom:${r.key}`, label: r.name }));
  const options = [{ group: "System roles", items: SYSTEM }, ...(custom.length ? [{ group: "Custom roles", items: custom }] : [])];

  return (
    <Paper withBorder p="lg" component="section" aria-label="Groups and roles">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Groups and roles</Title>
          <Text size="sm" c="dimmed">A member gets the role of their mapped group with the highest priority; owners are never changed by provisioning.</Text>
        </div>
        <Group align="flex-end">
          <Select
            label="Default role for provisioned members"
            data={SYSTEM}
            value={defaultRole}
            disabled={!canManage}
            allowDeselect={false}
            onChange={(v) => v && setDefault.mutate({ orgId, role: v as "admin" | "member" | "viewer" })}
            w={280}
          />
        </Group>
        {(map.isError || setDefault.isError) && <Alert color="red" role="alert">{errorMessage(map.error ?? setDefault.error)}</Alert>}
        {groups.isPending && <Loader size="sm" aria-label="Loading groups" />}
        {groups.data && (
          <Table aria-label="Provisioned groups" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Priority</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}><Text size="sm" c="dimmed">No groups provisioned yet.</Text></Table.Td>
                </Table.Tr>
              )}
              {groups.data.map((g) => {
                const current = g.mapping ? (g.mapping.customRoleId ? `custom:${g.mapping.customRoleId}` : g.mapping.role) : null;
                const save = (value: string | null, priority = g.mapping?.priority ?? 0) =>
                  map.mutate({ orgId, groupId: g.id, priority, target: value === null ? null : value.startsWith("custom:") ? { customRoleId: value.slice(7) } : { role: value as "admin" } });
                return (
                  <Table.Tr key={g.id}>
                    <Table.Td>{g.name}</Table.Td>
                    <Table.Td>{g.members}</Table.Td>
                    <Table.Td>
                      <Select aria-label={`Role for ${g.name}`} placeholder="No role (default)" data={options} value={current} clearable disabled={!canManage} onChange={(v) => save(v)} w={220} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Priority of ${g.name}`}
                        value={g.mapping?.priority ?? 0}
                        disabled={!canManage || !g.mapping}
                        min={-1000}
                        max={1000}
                        w={100}
                        onBlur={(e) => {
                          const p = Number(e.currentTarget.value);
                          if (g.mapping && Number.isInteger(p) && p !== g.mapping.priority) save(current, p);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
