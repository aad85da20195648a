import type { AppRouter } from "@atrium/api";
import {
  DataTable,
  errorMessage,
  formatDateTime,
  formatDuration,
  PageHeader,
  SlaBadge,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_COLORS,
  TICKET_STATUS_LABELS,
  TruncatedText,
  useZodForm,
  ZNewTicketForm,
  ZodForm,
  type DataColumn,
} from "@atrium/ui";
import { Alert, Badge, Button, Group, Paper, Select, SegmentedControl, Stack, Switch, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { RouterAnchor } from "../../lib/router-links.tsx";
import { getRouteApi, useNavigate } from "@tanstack/react-router";

const supportRoute = getRouteApi("/app/orgs/$orgId/support");

const PRIORITIES = ZNewTicketForm.shape.priority.options;

type SupportOutputs = inferRouterOutputs<AppRouter>["support"];
type Ticket = SupportOutputs["tickets"][number];
type StaffSession = SupportOutputs["impersonations"][number];

const ticketColumns = (orgId: string): DataColumn<Ticket>[] => [
  { id: "number", header: "#", width: 70, sortable: true, value: (t) => t.number },
  {
    id: "subject",
    header: "Subject",
    sortable: true,
    value: (t) => t.subject,
    cell: (t) => (
      <RouterAnchor to="/orgs/$orgId/support/tickets/$ticketId" params={{ orgId, ticketId: t.id }} size="sm" display="block" truncate="end" title={t.subject}>
        {t.subject}
      </RouterAnchor>
    ),
  },
  { id: "status", header: "Status", width: "16%", value: (t) => TICKET_STATUS_LABELS[t.status], cell: (t) => <Badge color={TICKET_STATUS_COLORS[t.status]} variant="light">{TICKET_STATUS_LABELS[t.status]}</Badge> },
  { id: "priority", header: "Priority", width: "10%", value: (t) => TICKET_PRIORITY_LABELS[t.priority] },
  { id: "resolution", header: "Resolution", width: "18%", cell: (t) => (t.resolvedAt ? formatDateTime(t.resolvedAt) : <SlaBadge timer={t.resolution} label="Resolution" />) },
  { id: "openedBy", header: "Opened by", width: "16%", value: (t) => t.openedByName ?? t.openedBy, cell: (t) => <TruncatedText text={t.openedByName ?? t.openedBy ?? "—"} /> },
];

const SESSION_COLUMNS: DataColumn<StaffSession>[] = [
  { id: "staff", header: "Staff", width: "20%", value: (s) => s.staffName },
  { id: "reason", header: "Reason", value: (s) => s.reason },
  { id: "status", header: "Status", width: "14%", cell: (s) => <Badge variant="light">{s.status}</Badge> },
  { id: "until", header: "Until", width: "20%", value: (s) => (s.expiresAt ? formatDateTime(s.expiresAt) : formatDuration(s.minutes * 60_000)) },
];

/** Support for the organization: open and follow tickets, answer the NPS survey, control staff impersonation. */
export function SupportPage() {
  const { orgId } = supportRoute.useParams();
  const queryClient = useQueryClient();
  const tickets = useQuery(trpc.support.tickets.queryOptions({ orgId }));
  const navigate = useNavigate();
  const open = useMutation(
    trpc.support.open.mutationOptions({
      onSuccess: async (ticket) => {
        await queryClient.invalidateQueries({ queryKey: trpc.support.tickets.queryKey({ orgId }) });
        await navigate({ to: "/orgs/$orgId/support/tickets/$ticketId", params: { orgId, ticketId: ticket.id } });
      },
    }),
  );
  const form = useZodForm(ZNewTicketForm, { subject: "", description: "", priority: "normal" }, open.error);
  return (
    <Stack gap="lg">
      <PageHeader title="Support" description="Tickets to the vendor's support team, with response times from your support level." />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">Open a ticket</Title>
        <ZodForm form={form} error={open.error} label="Open a ticket" gap="md" onSubmit={(v) => open.mutate({ orgId, subject: v.subject.trim(), description: v.description, priority: v.priority })}>
          <TextInput label="Subject" required {...form.getInputProps("subject")} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
          <Select label="Priority" w={200} data={PRIORITIES.map((p) => ({ value: p, label: TICKET_PRIORITY_LABELS[p]! }))} allowDeselect={false} {...form.getInputProps("priority")} />
          <Button type="submit" w="fit-content" loading={open.isPending}>Open ticket</Button>
        </ZodForm>
      </Paper>
      <Paper withBorder>
        <DataTable
          label="Support tickets"
          columns={ticketColumns(orgId)}
          query={tickets}
          empty="No tickets."
          urlKey="tickets"
        />
      </Paper>
      <NpsSurvey orgId={orgId} />
      <ImpersonationPolicy orgId={orgId} />
    </Stack>
  );
}

function NpsSurvey({ orgId }: { orgId: string }) {
  const [score, setScore] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const respond = useMutation(trpc.support.respondNps.mutationOptions());
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">How likely are you to recommend us to a colleague?</Title>
      {respond.isSuccess ? (
        <Text>Thank you for your answer.</Text>
      ) : (
        <Stack>
          <SegmentedControl aria-label="Score from 0 to 10" value={score ?? ""} onChange={setScore} data={Array.from({ length: 11 }, (_, i) => String(i))} />
          <Textarea label="Comment (optional)" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          {respond.isError && <Alert color="red">{errorMessage(respond.error)}</Alert>}
          <Button w="fit-content" disabled={score === null || score === ""} onClick={() => respond.mutate({ orgId, score: Number(score), comment })}>Send</Button>
        </Stack>
      )}
    </Paper>
  );
}

function ImpersonationPolicy({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const policy = useQuery(trpc.support.impersonationPolicy.queryOptions({ orgId }));
  const sessions = useQuery(trpc.support.impersonations.queryOptions({ orgId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.support.pathKey() });
  const save = useMutation(trpc.support.setImpersonationPolicy.mutationOptions({ onSuccess: refresh }));
  const decide = useMutation(trpc.support.decideImpersonation.mutationOptions({ onSuccess: refresh }));
  const end = useMutation(trpc.support.endImpersonation.mutationOptions({ onSuccess: refresh }));
  if (!policy.data) return null;
  const p = policy.data;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">Vendor staff access</Title>
      <Text size="sm" c="dimmed" mb="sm">Whether the vendor's support staff may sign in to this organization, always with a reason, for a limited time, and recorded in your audit log.</Text>
      <Stack>
        <SegmentedControl
          aria-label="Staff sign-in"
          value={p.mode}
          onChange={(mode) => save.mutate({ orgId, ...p, mode: mode as typeof p.mode })}
          data={[{ value: "allowed", label: "Allowed" }, { value: "approval_required", label: "Owner approval" }, { value: "disabled", label: "Disabled" }]}
        />
        <Switch label="Allow changes (otherwise read-only)" checked={p.allowWrite} onChange={(e) => save.mutate({ orgId, ...p, allowWrite: e.currentTarget.checked })} />
        {(save.isError || decide.isError || end.isError) && <Alert color="red">{errorMessage(save.error ?? decide.error ?? end.error)}</Alert>}
        <DataTable
          label="Staff sessions"
          columns={SESSION_COLUMNS}
          query={sessions}
          empty="No staff has asked to sign in."
          actionsWidth={170}
          rowActions={(session) => (
            <Group gap="xs" wrap="nowrap">
              {session.status === "pending" && <Button size="xs" onClick={() => decide.mutate({ orgId, sessionId: session.id, approve: true })}>Approve</Button>}
              {session.status === "pending" && <Button size="xs" variant="default" onClick={() => decide.mutate({ orgId, sessionId: session.id, approve: false })}>Deny</Button>}
              {session.status === "active" && <Button size="xs" color="red" variant="light" onClick={() => end.mutate({ orgId, sessionId: session.id })}>End</Button>}
            </Group>
          )}
        />
      </Stack>
    </Paper>
  );
}
