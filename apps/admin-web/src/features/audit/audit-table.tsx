import { EmptyRow } from "../../lib/empty-row.tsx";
import { Badge, Group, Table, Text, UnstyledButton } from "@mantine/core";
import { actorTypeLabel, STATUS_COLORS } from "./search.ts";
import type { AuditEvent } from "./types.ts";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** One row per event; a row (or its action, by keyboard) opens the event's details. */
export function AuditTable({ rows, onOpen, label = "Audit events", empty = "No events match these filters." }: { rows: AuditEvent[]; onOpen(event: AuditEvent): void; label?: string; empty?: string }) {
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Resource</Table.Th>
            <Table.Th w={100}>Status</Table.Th>
            <Table.Th>IP</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyRow colSpan={6}>{empty}</EmptyRow>}
          {rows.map((e) => (
            <Table.Tr key={e.id} onClick={() => onOpen(e)} style={{ cursor: "pointer" }}>
              <Table.Td><Text size="sm" style={{ whiteSpace: "nowrap" }}>{timeFormat.format(e.occurredAt)}</Text></Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" truncate maw={220}>{e.actorLabel ?? e.actorId ?? "—"}</Text>
                  <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0, overflow: "visible" }}>{actorTypeLabel(e.actorType)}</Badge>
                </Group>
              </Table.Td>
              <Table.Td>
                <UnstyledButton
                  aria-label={`Details of event ${e.seq}: ${e.action}`}
                  onClick={(click) => {
                    click.stopPropagation();
                    onOpen(e);
                  }}
                >
                  <Text size="sm" ff="monospace" c="var(--mantine-primary-color-filled)">{e.action}</Text>
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {e.resourceType}
                  {e.resourceId && <Text span c="dimmed" size="xs" ff="monospace"> {e.resourceId}</Text>}
                </Text>
              </Table.Td>
              <Table.Td><Badge variant="light" color={STATUS_COLORS[e.status]} style={{ overflow: "visible" }}>{e.status}</Badge></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{e.ip ?? "—"}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
