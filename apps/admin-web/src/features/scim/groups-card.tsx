import { type DataColumn, DataTable, errorMessage, formatNumber, SectionCard, TruncatedText } from "@atrium/ui";
import { Alert, Group, NumberInput, Select } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";
import type { ScimGroup } from "./types.ts";

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
        notifications.show({ color: "green", message: r.recomputed === "queued" ? `Mapping saved; ${formatNumber(r.members)} members' roles are being updated.` : `Mapping saved; ${formatNumber(r.recomputed)} members' roles changed.` });
      },
    }),
  );
  const setDefault = useMutation(trpc.scim.setDefaultRole.mutationOptions({ onSuccess: refresh }));
  const custom = (roles.data ?? []).filter((r) => r.custom).map((r) => ({ value: `custom:${r.key}`, label: r.name }));
  const options = [{ group: "System roles", items: SYSTEM }, ...(custom.length ? [{ group: "Custom roles", items: custom }] : [])];
  const current = (g: ScimGroup) => (g.mapping ? (g.mapping.customRoleId ? `custom:${g.mapping.customRoleId}` : g.mapping.role) : null);
  const save = (g: ScimGroup, value: string | null, priority = g.mapping?.priority ?? 0) =>
    map.mutate({ orgId, groupId: g.id, priority, target: value === null ? null : value.startsWith("custom:") ? { customRoleId: value.slice(7) } : { role: value as "admin" } });
  const columns: DataColumn<ScimGroup>[] = [
    { id: "group", header: "Group", cell: (g) => <TruncatedText text={g.name} /> },
    { id: "members", header: "Members", width: "12%", align: "right", value: (g) => g.members },
    {
      id: "role",
      header: "Role",
      width: 240,
      cell: (g) => (
        <Select aria-label={`Role for ${g.name}`} placeholder="No role (default)" data={options} value={current(g)} clearable disabled={!canManage} onChange={(v) => save(g, v)} w={220} />
      ),
    },
    {
      id: "priority",
      header: "Priority",
      width: 120,
      cell: (g) => (
        <NumberInput
          aria-label={`Priority of ${g.name}`}
          value={g.mapping?.priority ?? 0}
          disabled={!canManage || !g.mapping}
          min={-1000}
          max={1000}
          w={100}
          onBlur={(e) => {
            const p = Number(e.currentTarget.value);
            if (g.mapping && Number.isInteger(p) && p !== g.mapping.priority) save(g, current(g), p);
          }}
        />
      ),
    },
  ];

  return (
    <SectionCard
      title="Groups and roles"
      description="A member gets the role of their mapped group with the highest priority; owners are never changed by provisioning."
    >
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
      <DataTable
        label="Provisioned groups"
        columns={columns}
        query={groups}
        empty="No groups provisioned yet."
      />
    </SectionCard>
  );
}
