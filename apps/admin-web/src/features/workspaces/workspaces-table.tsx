import { EmptyRow } from "../../lib/empty-row.tsx";
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import type { Workspace } from "./types.ts";

/** Workspaces with their visibility and state; each row opens the workspace's drawer. */
export function WorkspacesTable({ rows, onOpen }: { rows: Workspace[]; onOpen(workspaceId: string): void }) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table verticalSpacing="sm" aria-label="Workspaces">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workspace</Table.Th>
            <Table.Th>Visibility</Table.Th>
            <Table.Th>Your access</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyRow colSpan={5}>No workspaces yet.</EmptyRow>}
          {rows.map((w) => (
            <Table.Tr key={w.id} c={w.archived ? "dimmed" : undefined}>
              <Table.Td maw={360}>
                <Group gap="xs">
                  <Text size="sm" fw={600}>{w.name}</Text>
                  {w.archived && <Badge size="xs" color="gray">Archived</Badge>}
                </Group>
                <Text size="xs" c="dimmed" lineClamp={2}>{w.description || "No description"}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={w.visibility === "private" ? "grape" : "teal"}>
                  {w.visibility === "private" ? "Private" : "Organization"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{w.canUpdate ? "Can edit" : w.canRead ? "Can read" : "None"}</Text>
              </Table.Td>
              <Table.Td><Text size="sm">{w.createdAt.toLocaleDateString()}</Text></Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="light" aria-label={`Details of ${w.name}`} onClick={() => onOpen(w.id)}>Details</Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
