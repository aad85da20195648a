import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Paper, Select, SegmentedControl, Stack, Switch, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { supportRoute } from "../../routes/router.tsx";

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/** Support for the organization: open and follow tickets, answer the NPS survey, control staff impersonation. */
export function SupportPage() {
  const { orgId } = supportRoute.useParams();
  const queryClient = useQueryClient();
  const tickets = useQuery(trpc.support.tickets.queryOptions({ orgId }));
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>("normal");
  const open = useMutation(
    trpc.support.open.mutationOptions({
      onSuccess: async () => {
        setSubject("");
        setDescription("");
        await queryClient.invalidateQueries({ queryKey: trpc.support.tickets.queryKey({ orgId }) });
      },
    }),
  );
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">Support</Title>
        <Text c="dimmed">Tickets to the vendor's support team, with response times from your support level.</Text>
      </div>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">Open a ticket</Title>
        <Stack>
          <TextInput label="Subject" required value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Select label="Priority" w={200} value={priority} data={[...PRIORITIES]} onChange={(p) => p && setPriority(p as (typeof PRIORITIES)[number])} />
          {open.isError && <Alert color="red">{errorMessage(open.error)}</Alert>}
          <Button w="fit-content" disabled={!subject.trim()} loading={open.isPending} onClick={() => open.mutate({ orgId, subject, description, priority })}>Open ticket</Button>
        </Stack>
      </Paper>
      <Paper withBorder>
        <Table aria-label="Support tickets" striped>
          <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Status</Table.Th><Table.Th>Priority</Table.Th><Table.Th>Response due</Table.Th><Table.Th>Opened by</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(tickets.data ?? []).length === 0 && <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center">No tickets.</Text></Table.Td></Table.Tr>}
            {(tickets.data ?? []).map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.number}</Table.Td>
                <Table.Td>{t.subject}</Table.Td>
                <Table.Td><Badge variant="light">{t.status.replaceAll("_", " ")}</Badge></Table.Td>
                <Table.Td>{t.priority}</Table.Td>
                <Table.Td>{t.firstResponse.state === "running" ? t.firstResponse.dueAt.toLocaleString() : t.firstResponse.state}</Table.Td>
                <Table.Td>{t.openedBy ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
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
        <Table aria-label="Staff sessions">
          <Table.Thead><Table.Tr><Table.Th>Staff</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Status</Table.Th><Table.Th>Until</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(sessions.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.staffName}</Table.Td>
                <Table.Td>{s.reason}</Table.Td>
                <Table.Td><Badge variant="light">{s.status}</Badge></Table.Td>
                <Table.Td>{s.expiresAt?.toLocaleString() ?? `${s.minutes} min`}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {s.status === "pending" && <Button size="xs" onClick={() => decide.mutate({ orgId, sessionId: s.id, approve: true })}>Approve</Button>}
                    {s.status === "pending" && <Button size="xs" variant="default" onClick={() => decide.mutate({ orgId, sessionId: s.id, approve: false })}>Deny</Button>}
                    {s.status === "active" && <Button size="xs" color="red" variant="light" onClick={() => end.mutate({ orgId, sessionId: s.id })}>End</Button>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
