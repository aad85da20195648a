import { formatCount } from "@atrium/ui";
import { Badge, Group, Paper, Switch, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { AuditTable } from "./audit-table.tsx";
import { toApiFilter, type TAuditSearch } from "./search.ts";
import type { AuditEvent } from "./types.ts";

const KEEP = 200;

/** The SSE address of the live tail for the current filters (the browser resumes with Last-Event-ID itself). */
export function tailHref(orgId: string, search: TAuditSearch): string {
  const filter = toApiFilter(search);
  const params = new URLSearchParams();
  if (filter.actions) params.set("actions", filter.actions.join(","));
  if (filter.status) params.set("status", filter.status);
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.q) params.set("q", filter.q);
  const query = params.toString();
  return `/api/orgs/${orgId}/audit/tail${query ? `?${query}` : ""}`;
}

type State = "connecting" | "live" | "reconnecting" | "ended";
const STATE_LABEL: Record<State, { label: string; color: string }> = {
  connecting: { label: "Connecting…", color: "gray" },
  live: { label: "Live", color: "green" },
  reconnecting: { label: "Reconnecting…", color: "yellow" },
  ended: { label: "Stopped", color: "red" },
};

/** Events as they happen, newest first, while the switch is on (enterprise plans). */
export function LiveTail({ orgId, search, onOpen }: { orgId: string; search: TAuditSearch; onOpen(event: AuditEvent): void }) {
  const [on, setOn] = useState(false);
  const href = tailHref(orgId, search);
  return (
    <Paper withBorder p="md" component="section" aria-label="Live tail">
      <Group justify="space-between">
        <Title order={2} size="h5">Live tail</Title>
        <Switch label="Show events as they happen" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} />
      </Group>
      {/* A new stream (and an empty list) whenever the filters change. */}
      {on && <LiveStream key={href} href={href} onOpen={onOpen} />}
    </Paper>
  );
}

function LiveStream({ href, onOpen }: { href: string; onOpen(event: AuditEvent): void }) {
  const [state, setState] = useState<State>("connecting");
  const [events, setEvents] = useState<AuditEvent[]>([]);

  useEffect(() => {
    const source = new EventSource(href);
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("audit", (message) => {
      const raw = JSON.parse((message as MessageEvent<string>).data) as Omit<AuditEvent, "occurredAt"> & { occurredAt: string };
      setEvents((list) => [{ ...raw, occurredAt: new Date(raw.occurredAt) }, ...list].slice(0, KEEP));
    });
    source.addEventListener("end", () => {
      setState("ended");
      source.close();
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "ended" : "reconnecting");
    return () => source.close();
  }, [href]);

  return (
    <>
      <Group gap="sm" my="xs">
        <Badge variant="light" color={STATE_LABEL[state].color} role="status">{STATE_LABEL[state].label}</Badge>
        <Text size="xs" c="dimmed" aria-live="polite">
          {events.length === 0 ? "Waiting for new events matching these filters…" : `${formatCount(events.length, "new event")}`}
        </Text>
      </Group>
      <AuditTable rows={events} onOpen={onOpen} label="Live events" empty="No new events yet." />
    </>
  );
}
