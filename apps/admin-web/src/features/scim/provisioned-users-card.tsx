import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Group, Loader, Pagination, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { AccountCell, UnlinkedNotice } from "./link-issue.tsx";

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
        {users.isPending && <Loader size="sm" aria-label="Loading provisioned users" />}
        {users.isError && <Alert color="red" role="alert">{errorMessage(users.error)}</Alert>}
        {users.data && (
          <>
            <UnlinkedNotice count={users.data.unlinked} showing={unlinkedOnly} onShow={(unlinked) => onChange({ unlinked, page: 1 })} />
            <Table aria-label="Provisioned users table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>userName</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}><Text size="sm" c="dimmed">No {unlinkedOnly ? "unlinked " : ""}provisioned users{q ? " match" : unlinkedOnly ? "" : " yet"}.</Text></Table.Td>
                  </Table.Tr>
                )}
                {users.data.rows.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.userName}</Table.Td>
                    <Table.Td>{u.name}</Table.Td>
                    <Table.Td><AccountCell orgId={orgId} user={u} canManage={canManage} /></Table.Td>
                    <Table.Td>{u.role ?? "—"}</Table.Td>
                    <Table.Td>{u.active ? <Badge color="green" variant="light">Active</Badge> : <Badge color="gray" variant="light">Deactivated</Badge>}</Table.Td>
                    <Table.Td>{u.updatedAt.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {users.data.total > PAGE && <Pagination total={Math.ceil(users.data.total / PAGE)} value={page} onChange={(p) => onChange({ page: p })} aria-label="Pages of provisioned users" />}
          </>
        )}
      </Stack>
    </Paper>
  );
}
