import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, TruncatedText, type DataColumn } from "@atrium/ui";
import { Alert, Badge, Loader, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";

type Ticket = inferRouterOutputs<AppRouter>["desk"]["tickets"][number];

const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

function timer(t: { state: string; remainingMs: number | null; dueAt: Date }) {
  if (t.state === "met") return <Badge color="teal" variant="light">met</Badge>;
  if (t.state === "breached") return <Badge color="red" variant="light">breached</Badge>;
  const hours = Math.floor((t.remainingMs ?? 0) / 3_600_000);
  const minutes = Math.floor(((t.remainingMs ?? 0) % 3_600_000) / 60_000);
  return <Badge color="blue" variant="light">{hours} h {minutes} m left</Badge>;
}

/** Support triage: status, priority, assignee, SLA timers by support level. */
export function DeskPage() {
  const tickets = useQuery(trpc.desk.tickets.queryOptions({}));
  const people = useQuery(trpc.staff.people.queryOptions());
  const queryClient = useQueryClient();
  const triage = useMutation(trpc.desk.triage.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.desk.tickets.pathKey() }) }));
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
          <Text size="xs" c="dimmed">{t.supportLevel}</Text>
        </>
      ),
    },
    {
      id: "subject",
      header: "Subject",
      value: (t) => t.subject,
      cell: (t) => (
        <>
          <TruncatedText text={t.subject} />
          {t.resolutionHours !== null && <Text size="xs" c="dimmed">resolved in {t.resolutionHours} h</Text>}
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      width: 190,
      cell: (t) => (
        <Select aria-label={`Status of ticket ${t.number}`} size="xs" w={170} value={t.status} data={STATUSES.map((s) => ({ value: s, label: s.replaceAll("_", " ") }))} onChange={(status) => status && triage.mutate({ ticketId: t.id, status: status as (typeof STATUSES)[number] })} />
      ),
    },
    {
      id: "priority",
      header: "Priority",
      width: 130,
      cell: (t) => (
        <Select aria-label={`Priority of ticket ${t.number}`} size="xs" w={110} value={t.priority} data={[...PRIORITIES]} onChange={(priority) => priority && triage.mutate({ ticketId: t.id, priority: priority as (typeof PRIORITIES)[number] })} />
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
    { id: "firstResponse", header: "First response", width: "11%", cell: (t) => timer(t.firstResponse) },
    { id: "resolution", header: "Resolution", width: "11%", cell: (t) => timer(t.resolution) },
  ];
  if (tickets.isPending) return <Loader aria-label="Loading tickets" />;
  if (tickets.isError) return <Alert color="red" title="Could not load tickets">{errorMessage(tickets.error)}</Alert>;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">Support tickets</Title>
        <Text c="dimmed">Tickets from your customers. Timers follow each customer's support level and the ticket's priority.</Text>
      </div>
      {triage.isError && <Alert color="red">{errorMessage(triage.error)}</Alert>}
      <Paper withBorder>
        <DataTable label="Tickets" columns={columns} data={tickets.data} getRowId={(t) => t.id} empty="No tickets." urlKey="tickets" />
      </Paper>
    </Stack>
  );
}
