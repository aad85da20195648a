import { CopyJsonButton, formatDateTime, KeyValueTree, LabeledValue } from "@atrium/ui";
import { Badge, Code, Drawer, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { beforeAfter, DetailsDiff } from "./details-diff.tsx";
import { actorTypeLabel, STATUS_COLORS } from "./search.ts";
import type { AuditEvent } from "./types.ts";

/** A titled part of the drawer; `action` sits at the right of the title (a copy button). */
function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h5">{title}</Title>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

/** Everything recorded about one event: who, what, on what, from where, the details and the chain link. */
export function EventDrawer({ event, onClose }: { event: AuditEvent | null; onClose(): void }) {
  return (
    <Drawer opened={event !== null} onClose={onClose} closeButtonProps={{ "aria-label": "Close" }} position="right" size="xl" title={event ? `Audit event #${event.seq}` : "Audit event"}>
      {event && <EventDetails event={event} />}
    </Drawer>
  );
}

function EventDetails({ event: e }: { event: AuditEvent }) {
  const diff = beforeAfter(e.details);
  const personal = Object.keys(e.personal).length > 0;
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Text ff="monospace" fw={600}>{e.action}</Text>
        <Badge variant="light" color={STATUS_COLORS[e.status]}>{e.status}</Badge>
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <LabeledValue label="Time">
          <time dateTime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt, { seconds: true })}</time>
        </LabeledValue>
        <LabeledValue label="Actor">
          {e.actorLabel ?? "—"} <Badge size="xs" variant="outline" color="gray">{actorTypeLabel(e.actorType)}</Badge>
        </LabeledValue>
        <LabeledValue label="Actor id"><Code>{e.actorId ?? "—"}</Code></LabeledValue>
        <LabeledValue label="Impersonated by">{e.impersonatorId ? <Code>{e.impersonatorId}</Code> : "—"}</LabeledValue>
        <LabeledValue label="Resource">{e.resourceName ? `${e.resourceType.replaceAll("_", " ")} ${e.resourceName}` : e.resourceType}</LabeledValue>
        <LabeledValue label="Resource id">{e.resourceId ? <Code>{e.resourceId}</Code> : "—"}</LabeledValue>
        <LabeledValue label="IP address">{e.ip ?? "—"}</LabeledValue>
        <LabeledValue label="Request id">{e.requestId ? <Code>{e.requestId}</Code> : "—"}</LabeledValue>
        <LabeledValue label="User agent">{e.userAgent ?? "—"}</LabeledValue>
        <LabeledValue label="Event id"><Code>{e.id}</Code></LabeledValue>
      </SimpleGrid>
      {diff && (
        <Section title="Before and after" action={<CopyJsonButton value={{ before: diff.before, after: diff.after }} label="Copy before and after as JSON" />}>
          <DetailsDiff before={diff.before} after={diff.after} />
        </Section>
      )}
      <Section title="Details" action={<CopyJsonButton value={e.details} label="Copy details as JSON" />}>
        <KeyValueTree value={e.details} label="Details fields" />
      </Section>
      <Section title="Personal data" action={personal && <CopyJsonButton value={e.personal} label="Copy personal data as JSON" />}>
        {personal ? (
          <KeyValueTree value={e.personal} label="Personal data fields" />
        ) : (
          <Text size="sm" c="dimmed">None recorded, or erased.</Text>
        )}
      </Section>
      <Section title="Integrity">
        <SimpleGrid cols={2} spacing="sm">
          <LabeledValue label="Sequence number">{e.seq}</LabeledValue>
          <LabeledValue label="Hash"><Code style={{ wordBreak: "break-all" }}>{e.hash}</Code></LabeledValue>
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
