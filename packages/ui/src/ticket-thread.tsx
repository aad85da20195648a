import { Badge, Group, Paper, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import type { ReactNode } from "react";
import { formatDateTime, formatDuration } from "@atrium/format";

/**
 * A support ticket as both consoles show it: SLA timer badges and the thread
 * (replies of both sides, internal notes, changes), oldest first. The shapes
 * are the API's; each console passes what its side may see — the admin
 * console never receives notes, so it never draws one.
 */
export type TicketSide = "customer" | "staff";

export type TicketEntry =
  | { kind: "message"; id: string; at: Date; side: TicketSide; author: string | null; body: string }
  | { kind: "note"; id: string; at: Date; author: string | null; body: string }
  | { kind: "change"; id: string; at: Date; side: TicketSide; author: string | null; field: "status" | "priority" | "assignee"; from: string | null; to: string | null };

export const TICKET_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
};
export const TICKET_STATUS_COLORS: Record<string, string> = { open: "blue", in_progress: "indigo", waiting_on_customer: "yellow", resolved: "teal", closed: "gray" };
export const TICKET_PRIORITY_LABELS: Record<string, string> = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };
export const SUPPORT_LEVEL_LABELS: Record<string, string> = { standard: "Standard", business: "Business", premium: "Premium", dedicated: "Dedicated" };

export interface SlaTimerView {
  dueAt: Date;
  state: "met" | "breached" | "at_risk" | "running";
  remainingMs: number | null;
}

/** One SLA timer as a badge: met, breached, at risk (time left), or time left; the due moment on hover; `label` is read out before it. */
export function SlaBadge({ timer, label }: { timer: SlaTimerView; label: string }) {
  const due = `${label} due ${formatDateTime(timer.dueAt)}`;
  const [color, text] =
    timer.state === "met"
      ? ["teal", "Met"]
      : timer.state === "breached"
        ? ["red", timer.remainingMs !== null ? `Breached ${formatDuration(timer.remainingMs)} ago` : "Breached"]
        : timer.state === "at_risk"
          ? ["orange", `At risk: ${formatDuration(timer.remainingMs)} left`]
          : ["blue", `${formatDuration(timer.remainingMs)} left`];
  return (
    <Badge color={color} variant="light" title={due}>
      <VisuallyHidden>{label}: </VisuallyHidden>
      {text}
    </Badge>
  );
}

/** The ticket's page heading, "#1042 Subject" (long subjects wrap), with the side's own line of facts below it. */
export function TicketHeading({ ticket, children }: { ticket: { number: number; subject: string }; children: ReactNode }) {
  return (
    <div>
      <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>#{ticket.number} {ticket.subject}</Title>
      {children}
    </div>
  );
}

/** Both SLA timers of a ticket, each under its name, for a Group of the page to hold. */
export function SlaTimers({ ticket }: { ticket: { firstResponse: SlaTimerView; resolution: SlaTimerView } }) {
  return (
    <>
      <Stack gap={4}><Text size="sm" fw={500}>First response</Text><SlaBadge timer={ticket.firstResponse} label="First response" /></Stack>
      <Stack gap={4}><Text size="sm" fw={500}>Resolution</Text><SlaBadge timer={ticket.resolution} label="Resolution" /></Stack>
    </>
  );
}

const sideLabel = (side: TicketSide, viewer: TicketSide) => (side === "staff" ? (viewer === "staff" ? "Staff" : "Support team") : "Customer");

function valueLabel(field: "status" | "priority" | "assignee", value: string | null): string {
  if (value === null) return field === "assignee" ? "nobody" : "none";
  if (field === "status") return TICKET_STATUS_LABELS[value] ?? value;
  if (field === "priority") return TICKET_PRIORITY_LABELS[value] ?? value;
  return value;
}

function Stamp({ author, at, children }: { author: string | null; at: Date; children?: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text fw={600} size="sm" truncate>{author ?? "Former user"}</Text>
      {children}
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>{formatDateTime(at)}</Text>
    </Group>
  );
}

/** The opening post and every entry after it, as a list a screen reader reads in order. */
export function TicketThread({ opening, entries, viewer }: { opening: { author: string | null; at: Date; body: string }; entries: TicketEntry[]; viewer: TicketSide }) {
  return (
    <Stack component="ol" aria-label="Conversation" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
      <Paper component="li" withBorder p="md">
        <Stamp author={opening.author} at={opening.at}>
          <Badge variant="outline" size="sm">Opened the ticket</Badge>
        </Stamp>
        <Text size="sm" mt="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{opening.body || "No description."}</Text>
      </Paper>
      {entries.map((entry) => {
        if (entry.kind === "change") {
          return (
            <Text component="li" key={entry.id} size="sm" c="dimmed" px="md">
              {entry.author ?? "Someone"} ({sideLabel(entry.side, viewer).toLowerCase()}) changed {entry.field} from <b>{valueLabel(entry.field, entry.from)}</b> to <b>{valueLabel(entry.field, entry.to)}</b>
              {" · "}
              {formatDateTime(entry.at)}
            </Text>
          );
        }
        const note = entry.kind === "note";
        const fromStaff = note || entry.side === "staff";
        return (
          <Paper component="li" key={entry.id} withBorder p="md" bg={note ? "var(--mantine-color-yellow-light)" : fromStaff ? "var(--mantine-color-blue-light)" : undefined}>
            <Stamp author={entry.author} at={entry.at}>
              {note ? <Badge color="yellow" size="sm">Internal note · staff only</Badge> : <Badge color={fromStaff ? "blue" : "gray"} variant="light" size="sm">{sideLabel(entry.side, viewer)}</Badge>}
            </Stamp>
            <Text size="sm" mt="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{entry.body}</Text>
          </Paper>
        );
      })}
    </Stack>
  );
}
