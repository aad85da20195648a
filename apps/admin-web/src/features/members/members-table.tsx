import { type DataColumn, DataTable, type DataTableSelection, formatDate, searchSort, TruncatedText } from "@atrium/ui";
import { Avatar, Badge, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { roleLabel } from "../roles/role-label.ts";
import type { TMemberSort } from "./search.ts";
import type { Member } from "./types.ts";

const COLUMNS: DataColumn<Member>[] = [
  {
    id: "name",
    header: "Name",
    sortable: true,
    width: "24%",
    cell: (m) => (
      <Group gap="sm" wrap="nowrap">
        <Avatar name={m.name} color="initials" size="sm" />
        <TruncatedText text={m.name} fw={500} />
      </Group>
    ),
  },
  { id: "email", header: "E-mail", sortable: true, width: "26%", value: (m) => m.email },
  {
    id: "role",
    header: "Role",
    cell: (m) => (
      <Badge variant={m.role.custom ? "outline" : "light"} color={m.role.custom ? "grape" : "atrium"} maw="100%" title={roleLabel(m.role)}>
        {roleLabel(m.role)}
      </Badge>
    ),
  },
  {
    id: "status",
    header: "Status",
    cell: (m) => <Badge variant="dot" color={m.status === "active" ? "green" : "gray"}>{m.status === "active" ? "Active" : "Deactivated"}</Badge>,
  },
  { id: "joined", header: "Joined", sortable: true, cell: (m) => formatDate(m.joinedAt) },
  {
    id: "lastLogin",
    header: "Last login",
    sortable: true,
    cell: (m) => <Text size="sm" c={m.lastLoginAt ? undefined : "dimmed"}>{m.lastLoginAt ? formatDate(m.lastLoginAt) : "Never"}</Text>,
  },
];

/** One page of members, sorted by the server (the page keeps sort and page in its URL). */
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
  selection?: DataTableSelection;
  renderActions(member: Member): ReactNode;
}) {
  return (
    <DataTable
      label="Members"
      columns={COLUMNS}
      data={rows}
      getRowId={(m) => m.userId}
      empty="No members match these filters."
      sort={searchSort(sort, dir, "name", onSort)}
      selection={selection && { ...selection, rowLabel: (m) => `Select ${m.name}` }}
      rowActions={renderActions}
      stickyOffset={60}
    />
  );
}
