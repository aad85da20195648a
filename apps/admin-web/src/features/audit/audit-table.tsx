import { DataTable, formatDateTime, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Group, Text, UnstyledButton } from "@mantine/core";
import { useMemo } from "react";
import { actorTypeLabel, STATUS_COLORS } from "./search.ts";
import type { AuditEvent } from "./types.ts";

/** One row per event; a row (or its action, by keyboard) opens the event's details. */
export function AuditTable({ rows, onOpen, label = "Audit events", empty = "No events match these filters." }: { rows: AuditEvent[]; onOpen(event: AuditEvent): void; label?: string; empty?: string }) {
  const columns = useMemo(
    (): DataColumn<AuditEvent>[] => [
      { id: "time", header: "Time", width: 190, value: (e) => e.occurredAt, cell: (e) => <TruncatedText text={formatDateTime(e.occurredAt)} /> },
      {
        id: "actor",
        header: "Actor",
        width: "22%",
        cell: (e) => (
          <Group gap="xs" wrap="nowrap">
            <TruncatedText text={e.actorLabel ?? e.actorId ?? "—"} />
            <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0, overflow: "visible" }}>{actorTypeLabel(e.actorType)}</Badge>
          </Group>
        ),
      },
      {
        id: "action",
        header: "Action",
        width: "20%",
        cell: (e) => (
          <UnstyledButton
            aria-label={`Details of event ${e.seq}: ${e.action}`}
            maw="100%"
            onClick={(click) => {
              click.stopPropagation();
              onOpen(e);
            }}
          >
            <TruncatedText text={e.action} ff="monospace" c="var(--mantine-primary-color-filled)" />
          </UnstyledButton>
        ),
      },
      {
        id: "resource",
        header: "Resource",
        cell: (e) => {
          // A named resource reads by its name (the id stays on hover and in the drawer); a live-tail row may have no name yet.
          const name = e.resourceName ?? null;
          return (
            <Text size="sm" truncate="end" title={`${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ""}`}>
              {e.resourceType.replaceAll("_", " ")}
              {name ? <Text span fw={500}> {name}</Text> : e.resourceId && <Text span c="dimmed" size="xs" ff="monospace"> {e.resourceId}</Text>}
            </Text>
          );
        },
      },
      { id: "status", header: "Status", width: 100, cell: (e) => <Badge variant="light" color={STATUS_COLORS[e.status]} style={{ overflow: "visible" }}>{e.status}</Badge> },
      { id: "ip", header: "IP", width: 130, value: (e) => e.ip, cell: (e) => <TruncatedText text={e.ip ?? "—"} ff="monospace" /> },
    ],
    [onOpen],
  );
  return <DataTable label={label} columns={columns} data={rows} empty={empty} onRowClick={onOpen} />;
}
