import type { AppRouter } from "@atrium/api";
import { errorMessage, formatDateTime, QueryView, SlaTimers, SUPPORT_LEVEL_LABELS, TicketHeading, TicketMessageForm, TicketThread, TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from "@atrium/ui";
import { Alert, Anchor, Group, Paper, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

const route = getRouteApi("/staff/tickets/$ticketId");

type Thread = inferRouterOutputs<AppRouter>["staff"]["desk"]["ticket"];
type Status = Thread["ticket"]["status"];

const STATUSES = Object.keys(TICKET_STATUS_LABELS) as Status[];
const PRIORITIES = Object.keys(TICKET_PRIORITY_LABELS) as Thread["ticket"]["priority"][];

/** One ticket at the desk: triage, the whole conversation with internal notes, and a composer for a reply or a note. */
export function TicketPage() {
  const { ticketId } = route.useParams();
  const thread = useQuery(trpc.staff.desk.ticket.queryOptions({ ticketId }));
  return (
    <Stack gap="lg">
      <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/tickets" />}>← All tickets</Anchor>
      <QueryView query={thread} label="the ticket">
        {(data) => <TicketView thread={data} />}
      </QueryView>
    </Stack>
  );
}

function TicketView({ thread }: { thread: Thread }) {
  const { ticket, entries } = thread;
  const people = useQuery(trpc.staff.people.queryOptions());
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.desk.pathKey() });
  const triage = useMutation(trpc.staff.desk.triage.mutationOptions({ onSuccess: refresh }));
  return (
    <>
      <TicketHeading ticket={ticket}>
        <Text c="dimmed" size="sm" mt={4}>
          <Anchor underline="always" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: ticket.organizationId }} />}>{ticket.organizationName}</Anchor>
          {` · ${SUPPORT_LEVEL_LABELS[ticket.supportLevel]} support (contract) · opened by ${ticket.openedByName ?? "a former member"} on ${formatDateTime(ticket.createdAt)}`}
        </Text>
      </TicketHeading>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="lg">
          <Select label="Status" w={200} allowDeselect={false} value={ticket.status} data={STATUSES.map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s]! }))} onChange={(status) => status && triage.mutate({ ticketId: ticket.id, status: status as Status })} />
          <Select label="Priority" w={140} allowDeselect={false} value={ticket.priority} data={PRIORITIES.map((p) => ({ value: p, label: TICKET_PRIORITY_LABELS[p]! }))} onChange={(priority) => priority && triage.mutate({ ticketId: ticket.id, priority: priority as Thread["ticket"]["priority"] })} />
          <Select label="Assignee" w={200} clearable placeholder="Unassigned" value={ticket.assigneeId} data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} onChange={(assigneeId) => triage.mutate({ ticketId: ticket.id, assigneeId })} />
          <SlaTimers ticket={ticket} />
        </Group>
        {triage.isError && <Alert color="red" mt="sm">{errorMessage(triage.error)}</Alert>}
      </Paper>
      <TicketThread viewer="staff" opening={{ author: ticket.openedByName, at: ticket.createdAt, body: ticket.description }} entries={entries} />
      <Composer ticketId={ticket.id} status={ticket.status} onDone={refresh} />
    </>
  );
}

/** A reply to the customer (e-mailed, optionally setting the status) or an internal note (staff only). */
function Composer({ ticketId, status, onDone }: { ticketId: string; status: Status; onDone(): Promise<void> }) {
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [then, setThen] = useState<Status | null>(null);
  const done = async () => {
    setThen(null);
    await onDone();
  };
  const reply = useMutation(trpc.staff.desk.reply.mutationOptions({ onSuccess: done }));
  const note = useMutation(trpc.staff.desk.note.mutationOptions({ onSuccess: done }));
  const current = mode === "reply" ? reply : note;
  const send = (body: string) => (mode === "reply" ? reply.mutateAsync({ ticketId, body, ...(then ? { status: then } : {}) }) : note.mutateAsync({ ticketId, body }));
  return (
    <Paper withBorder p="md" bg={mode === "note" ? "var(--mantine-color-yellow-light)" : undefined}>
      <TicketMessageForm
        label={mode === "reply" ? "Reply to the customer" : "Add an internal note"}
        fieldLabel={mode === "reply" ? "Reply" : "Internal note"}
        description={mode === "reply" ? "The customer sees this and receives it by e-mail." : "Only staff see internal notes; the customer never does."}
        submitLabel={mode === "reply" ? "Send reply" : "Add internal note"}
        color={mode === "note" ? "yellow" : undefined}
        onSend={send}
        error={current.error}
        pending={current.isPending}
        before={
          <SegmentedControl
            aria-label="Write"
            w="fit-content"
            value={mode}
            onChange={(m) => setMode(m as "reply" | "note")}
            data={[{ value: "reply", label: "Reply to customer" }, { value: "note", label: "Internal note" }]}
          />
        }
        after={
          mode === "reply" &&
          status !== "closed" && (
            <Select label="Then set status" w={240} clearable placeholder="Keep as it is" value={then} data={STATUSES.filter((s) => s !== status).map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s]! }))} onChange={(s) => setThen(s as Status | null)} />
          )
        }
      />
    </Paper>
  );
}
