import { Avatar, Badge, Checkbox, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import type { ReactNode } from "react";
import { roleLabel } from "../roles/role-label.ts";
import { SortHeader } from "./sort-header.tsx";
import type { TMemberSort } from "./search.ts";
import type { Member } from "./types.ts";

export function MembersTable({
  rows,
  sort,
  dir,
  onSort,
  selection,
  renderActions,
}: {
  rows: Member[];
  sort: TMemberSort;
  dir: "asc" | "desc";
  onSort(column: TMemberSort, dir: "asc" | "desc"): void;
  /** Present when the caller may act on several members at once. */
  selection?: { selected: ReadonlySet<string>; toggle(userId: string): void; toggleAll(): void };
  renderActions(member: Member): ReactNode;
}) {
  const selectedOnPage = selection ? rows.filter((r) => selection.selected.has(r.userId)).length : 0;
  const header = { sort, dir, onSort };
  return (
    <Table.ScrollContainer minWidth={860} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Members">
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select all members on this page"
                  checked={rows.length > 0 && selectedOnPage === rows.length}
                  indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
                  onChange={selection.toggleAll}
                />
              </Table.Th>
            )}
            <SortHeader column="name" label="Name" {...header} />
            <SortHeader column="email" label="E-mail" {...header} />
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <SortHeader column="joined" label="Joined" {...header} />
            <SortHeader column="lastLogin" label="Last login" {...header} />
            <Table.Th w={56}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={selection ? 8 : 7}>
                <Text c="dimmed" ta="center" py="lg">No members match these filters.</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((m) => (
            <Table.Tr key={m.userId} bg={selection?.selected.has(m.userId) ? "var(--mantine-color-atrium-0)" : undefined}>
              {selection && (
                <Table.Td>
                  <Checkbox aria-label={`Select ${m.name}`} checked={selection.selected.has(m.userId)} onChange={() => selection.toggle(m.userId)} />
                </Table.Td>
              )}
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <Avatar name={m.name} color="initials" size="sm" />
                  <Text size="sm" fw={500}>{m.name}</Text>
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm">{m.email}</Text></Table.Td>
              <Table.Td>
                <Badge variant={m.role.custom ? "outline" : "light"} color={m.role.custom ? "grape" : "atrium"}>{roleLabel(m.role)}</Badge>
              </Table.Td>
              <Table.Td>
                <Badge variant="dot" color={m.status === "active" ? "green" : "gray"}>{m.status === "active" ? "Active" : "Deactivated"}</Badge>
              </Table.Td>
              <Table.Td><Text size="sm">{m.joinedAt.toLocaleDateString()}</Text></Table.Td>
              <Table.Td><Text size="sm" c={m.lastLoginAt ? undefined : "dimmed"}>{m.lastLoginAt?.toLocaleDateString() ?? "Never"}</Text></Table.Td>
              <Table.Td>{renderActions(m)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
