import type { AppRouter } from "@atrium/api";
import { DataTable, fieldError, formatDateTime, formatNumber, MutationErrorAlert, onlyFieldErrors, QueryView, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useStaffPermission } from "../../lib/staff.ts";

type Month = inferRouterOutputs<AppRouter>["staff"]["sla"]["list"][number];
type Commitment = { uptimePercent: number | null; p99LatencyMs: number | null };

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const FIELDS = ["month", "uptimePct", "p99LatencyMs"] as const;

/** The month the form starts on: the last whole month (UTC), "2026-11" in December 2026. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The form's own checks, in the same words as the server's. */
export function slaProblems(month: string, uptime: number | string, latency: number | string, now: Date): Partial<Record<(typeof FIELDS)[number], string>> {
  const problems: Partial<Record<(typeof FIELDS)[number], string>> = {};
  if (!MONTH.test(month)) problems.month = "Enter the month as YYYY-MM, for example 2026-11.";
  else if (month > now.toISOString().slice(0, 7)) problems.month = "This month has not started yet: nothing has been measured.";
  if (typeof uptime !== "number") problems.uptimePct = "Enter the measured uptime.";
  else if (uptime < 0 || uptime > 100) problems.uptimePct = "Uptime is a percentage from 0 to 100.";
  if (typeof latency !== "number") problems.p99LatencyMs = "Enter the measured p99 latency.";
  else if (!Number.isInteger(latency) || latency < 0 || latency > 600_000) problems.p99LatencyMs = "Latency is whole milliseconds from 0 to 600,000.";
  return problems;
}

const met = (value: number, commitment: number | null, higherIsBetter: boolean) =>
  commitment === null ? null : higherIsBetter ? value >= commitment : value <= commitment;

function Attainment({ ok }: { ok: boolean | null }) {
  if (ok === null) return null;
  return <Badge variant="light" color={ok ? "teal" : "red"}>{ok ? "met" : "missed"}</Badge>;
}

/**
 * A customer's measured SLA per month against the contract's commitments, and (for staff
 * holding sla:record) the form to enter a month. Entering a month already recorded corrects it;
 * both are audited with the values before.
 */
export function SlaCard({ organizationId, commitment }: { organizationId: string; commitment: Commitment | null }) {
  const months = useQuery(trpc.staff.sla.list.queryOptions({ organizationId }));
  const canRecord = useStaffPermission("sla:record");
  const columns: DataColumn<Month>[] = [
    { id: "month", header: "Month", sortable: true, value: (m) => m.month },
    {
      id: "uptime",
      header: "Uptime",
      align: "right",
      cell: (m) => <Group gap={6} justify="flex-end" wrap="nowrap"><Text size="sm">{formatNumber(m.uptimePct)} %</Text><Attainment ok={met(m.uptimePct, commitment?.uptimePercent ?? null, true)} /></Group>,
    },
    {
      id: "latency",
      header: "p99 latency",
      align: "right",
      cell: (m) => <Group gap={6} justify="flex-end" wrap="nowrap"><Text size="sm">{formatNumber(m.p99LatencyMs)} ms</Text><Attainment ok={met(m.p99LatencyMs, commitment?.p99LatencyMs ?? null, false)} /></Group>,
    },
    { id: "recorded", header: "Recorded", value: (m) => m.recordedAt, cell: (m) => formatDateTime(m.recordedAt) },
  ];
  return (
    <Paper withBorder p="md" component="section" aria-label="SLA attainment">
      <Title order={2} size="h4" mb={4}>SLA attainment</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {commitment?.uptimePercent != null || commitment?.p99LatencyMs != null
          ? `Committed: ${commitment.uptimePercent != null ? `${formatNumber(commitment.uptimePercent)} % uptime` : "no uptime target"}, ${commitment.p99LatencyMs != null ? `p99 under ${formatNumber(commitment.p99LatencyMs)} ms` : "no latency target"}.`
          : "The contract commits to no SLA figures."}
      </Text>
      <Stack gap="md">
        {canRecord && <SlaMonthForm organizationId={organizationId} />}
        <QueryView query={months} label="the SLA months" empty={<Text c="dimmed" size="sm">No month recorded yet.</Text>}>
          {(rows) => <DataTable label="SLA months" columns={columns} data={rows} getRowId={(m) => m.month} />}
        </QueryView>
      </Stack>
    </Paper>
  );
}

function SlaMonthForm({ organizationId }: { organizationId: string }) {
  const [month, setMonth] = useState(() => previousMonth(new Date()));
  const [uptime, setUptime] = useState<number | string>("");
  const [latency, setLatency] = useState<number | string>("");
  const [tried, setTried] = useState(false);
  const record = useMutation(
    trpc.staff.sla.record.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.staff.sla.list.queryKey({ organizationId }) });
        notifications.show({ color: "green", message: `SLA for ${input.month} recorded.` });
        setUptime("");
        setLatency("");
        setTried(false);
      },
    }),
  );
  const problems = slaProblems(month, uptime, latency, new Date());
  const shown = (field: (typeof FIELDS)[number]) => (tried ? problems[field] : undefined) ?? fieldError(record.error, field);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (Object.keys(problems).length === 0) record.mutate({ organizationId, month, uptimePct: Number(uptime), p99LatencyMs: Number(latency) });
  }

  return (
    <form onSubmit={submit} aria-label="Record a month" noValidate>
      <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm" style={{ alignItems: "end" }}>
        <TextInput label="Month" placeholder="2026-11" value={month} onChange={(e) => setMonth(e.currentTarget.value.trim())} error={shown("month")} />
        <NumberInput label="Uptime" suffix=" %" decimalScale={3} min={0} max={100} value={uptime} onChange={setUptime} error={shown("uptimePct")} />
        <NumberInput label="p99 latency" suffix=" ms" allowDecimal={false} min={0} max={600_000} thousandSeparator="," value={latency} onChange={setLatency} error={shown("p99LatencyMs")} />
        <Button type="submit" loading={record.isPending}>Record month</Button>
      </SimpleGrid>
      {!onlyFieldErrors(record.error, FIELDS) && <MutationErrorAlert error={record.error} />}
    </form>
  );
}
