import { DataTable, formatDate, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, Text } from "@mantine/core";
import type { Workspace } from "./types.ts";

const COLUMNS: DataColumn<Workspace>[] = [
  {
    id: "workspace",
    header: "Workspace",
    sortable: true,
    width: "36%",
    value: (w) => w.name,
    cell: (w) => (
      <>
        <Group gap="xs" wrap="nowrap">
          <TruncatedText text={w.name} fw={600} c={w.archived ? "dimmed" : undefined} />
          {w.archived && <Badge size="xs" color="gray" style={{ flexShrink: 0 }}>Archived</Badge>}
        </Group>
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>{w.description || "No description"}</Text>
      </>
    ),
  },
  {
    id: "visibility",
    header: "Visibility",
    sortable: true,
    value: (w) => w.visibility,
    cell: (w) => (
      <Badge variant="light" color={w.visibility === "private" ? "grape" : "teal"}>{w.visibility === "private" ? "Private" : "Organization"}</Badge>
    ),
  },
  { id: "access", header: "Your access", value: (w) => (w.canUpdate ? "Can edit" : w.canRead ? "Can read" : "None") },
  { id: "created", header: "Created", sortable: true, value: (w) => w.createdAt, cell: (w) => formatDate(w.createdAt) },
];

/** Workspaces with their visibility and state; each row opens the workspace's drawer. */
export function WorkspacesTable({ rows, onOpen }: { rows: Workspace[]; onOpen(workspaceId: string): void }) {
  return (
    <DataTable
      label="Workspaces"
      urlKey="workspaces"
      columns={COLUMNS}
      data={rows}
      empty="No workspaces yet."
      actionsWidth={100}
      rowActions={(w) => (
        <Button size="compact-sm" variant="light" aria-label={`Details of ${w.name}`} onClick={() => onOpen(w.id)}>Details</Button>
      )}
    />
  );
}
