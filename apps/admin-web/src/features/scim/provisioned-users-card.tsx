import { DataTable, formatDateTime, type DataColumn } from "@atrium/ui";
import { Badge, Group, Pagination, Paper, Stack, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { useMemo } from "react";
import { AccountCell, UnlinkedNotice } from "./link-issue.tsx";
import type { ProvisionedUser } from "./types.ts";

const PAGE = 25;

/**
 * Users your identity provider provisioned, searchable and paged (state kept in the URL), with the account each
 * is linked to — or why none, and the ways to resolve it (link to a member, leave unlinked).
 */
export function ProvisionedUsersCard({
  orgId,
  q,
  page,
  unlinkedOnly,
  canManage,
  onChange,
}: {
  orgId: string;
  q: string;
  page: number;
  unlinkedOnly: boolean;
  canManage: boolean;
  onChange(next: { q?: string; page?: number; unlinked?: boolean }): void;
}) {
  const columns = useMemo(
    (): DataColumn<ProvisionedUser>[] => [
      { id: "userName", header: "userName", width: "22%", value: (u) => u.userName },
      { id: "name", header: "Name", value: (u) => u.name },
      { id: "account", header: "Account", width: "30%", cell: (u) => <AccountCell orgId={orgId} user={u} canManage={canManage} /> },
      { id: "role", header: "Role", value: (u) => u.role },
      {
        id: "status",
        header: "Status",
        cell: (u) => (u.active ? <Badge color="green" variant="light">Active</Badge> : <Badge color="gray" variant="light">Deactivated</Badge>),
      },
      { id: "updated", header: "Last change", value: (u) => u.updatedAt, cell: (u) => formatDateTime(u.updatedAt) },
    ],
    [orgId, canManage],
  );
  const users = useQuery({
    ...trpc.scim.users.queryOptions({ orgId, search: q, limit: PAGE, offset: (page - 1) * PAGE, link: unlinkedOnly ? "unlinked" : "all" }),
    placeholderData: keepPreviousData,
  });
  return (
    <Paper withBorder p="lg" component="section" aria-label="Provisioned users">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4">Provisioned users</Title>
          <TextInput aria-label="Search provisioned users" placeholder="Search by name or userName" value={q} onChange={(e) => onChange({ q: e.currentTarget.value, page: 1 })} w={280} />
        </Group>
        {users.data && <UnlinkedNotice count={users.data.unlinked} showing={unlinkedOnly} onShow={(unlinked) => onChange({ unlinked, page: 1 })} />}
        <DataTable
          label="Provisioned users table"
          columns={columns}
          data={users.data?.rows}
          error={users.error}
          onRetry={() => void users.refetch()}
          empty={`No ${unlinkedOnly ? "unlinked " : ""}provisioned users${q ? " match" : unlinkedOnly ? "" : " yet"}.`}
        />
        {users.data && users.data.total > PAGE && (
          <Pagination total={Math.ceil(users.data.total / PAGE)} value={page} onChange={(p) => onChange({ page: p })} aria-label="Pages of provisioned users" />
        )}
      </Stack>
    </Paper>
  );
}
