import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, formatDateTime, PageHeader, QueryView, SlaBadge, SUPPORT_LEVEL_LABELS, TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS, TruncatedText, type DataColumn } from "@atrium/ui";
import { Alert, Paper, Select, Stack, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";
import { CellLink } from "../../lib/cell-link.tsx";

type Ticket = inferRouterOutputs<AppRouter>["staff"]["desk"]["tickets"][number];

const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/** Support triage: status, priority, assignee, SLA timers by support level. */
export function DeskPage() {
  const tickets = useQuery(trpc.staff.desk.tickets.queryOptions({}));
  const people = useQuery(trpc.staff.people.queryOptions());
  const queryClient = useQueryClient();
  const triage = useMutation(trpc.staff.desk.triage.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.desk.tickets.pathKey() }) }));
  const columns: DataColumn<Ticket>[] = [
    { id: "number", header: "#", width: 60, sortable: true, value: (t) => t.number },
    {
      id: "customer",
      header: "Customer",
      width: "13%",
      sortable: true,
      value: (t) => t.organizationName,
      cell: (t) => (
        <>
          <TruncatedText text={t.organizationName} />
          <Text size="xs" c="dimmed">{SUPPORT_LEVEL_LABELS[t.supportLevel]}</Text>
        </>
      ),
    },
    {
      id: "subject",
      header: "Subject",
      value: (t) => t.subject,
      cell: (t) => (
        <>
          <CellLink text={t.subject} renderRoot={(props) => <Link {...props} to="/tickets/$ticketId" params={{ ticketId: t.id }} />} />
          {t.resolvedAt !== null && <Text size="xs" c="dimmed">resolved {formatDateTime(t.resolvedAt)}</Text>}
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      width: 190,
      cell: (t) => (
        <Select aria-label={`Status of ticket ${t.number}`} size="xs" w={170} value={t.status} allowDeselect={false} data={STATUSES.map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s]! }))} onChange={(status) => status && triage.mutate({ ticketId: t.id, status: status as (typeof STATUSES)[number] })} />
      ),
    },
    {
      id: "priority",
      header: "Priority",
      width: 130,
      cell: (t) => (
        <Select aria-label={`Priority of ticket ${t.number}`} size="xs" w={110} value={t.priority} allowDeselect={false} data={PRIORITIES.map((p) => ({ value: p, label: TICKET_PRIORITY_LABELS[p]! }))} onChange={(priority) => priority && triage.mutate({ ticketId: t.id, priority: priority as (typeof PRIORITIES)[number] })} />
      ),
    },
    {
      id: "assignee",
      header: "Assignee",
      width: 180,
      cell: (t) => (
        <Select aria-label={`Assignee of ticket ${t.number}`} size="xs" w={160} clearable placeholder="Unassigned" value={t.assigneeId} data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} onChange={(assigneeId) => triage.mutate({ ticketId: t.id, assigneeId })} />
      ),
    },
    { id: "firstResponse", header: "First response", width: "11%", cell: (t) => <SlaBadge timer={t.firstResponse} label={`First response of ticket ${t.number}`} /> },
    { id: "resolution", header: "Resolution", width: "11%", cell: (t) => <SlaBadge timer={t.resolution} label={`Resolution of ticket ${t.number}`} /> },
  ];
  return (
    <Stack gap="lg">
      <PageHeader
        title="Support tickets"
        description="Tickets from your customers. Timers follow each customer's support level and the ticket's priority."
      />
      {triage.isError && <Alert color="red">{errorMessage(triage.error)}</Alert>}
      <QueryView query={tickets} label="tickets" empty="No tickets from your customers.">
        {(data) => (
          <Paper withBorder>
            <DataTable label="Tickets" columns={columns} data={data} empty="No tickets." urlKey="tickets" rowTone={(t) => (t.resolution.state === "breached" && !t.resolvedAt ? "danger" : t.resolution.state === "at_risk" ? "warning" : undefined)} />
          </Paper>
        )}
      </QueryView>
    </Stack>
  );
}
