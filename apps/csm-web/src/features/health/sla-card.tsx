import type { AppRouter } from "@atrium/api";
import { DataTable, formatDateTime, formatMonth, formatNumber, formatPercent, numberField, QueryView, useZodForm, ZodForm, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { useStaffPermission } from "../../lib/staff.ts";

type Month = inferRouterOutputs<AppRouter>["staff"]["sla"]["list"][number];
type Commitment = { uptimePercent: number | null; p99LatencyMs: number | null };

/** The month the form starts on: the last whole month (UTC), "2026-11" in December 2026. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The form's own checks, in the same words as the server's (which checks again). */
const ZSlaMonthForm = z.object({
  month: z
    .string()
    .trim()
    .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { error: "Enter the month as YYYY-MM, for example 2026-11.", abort: true })
    .refine((m) => m <= new Date().toISOString().slice(0, 7), { error: "This month has not started yet: nothing has been measured." }),
  uptimePct: numberField(z.number({ error: "Enter the measured uptime." }).min(0, { error: "Uptime is a percentage from 0 to 100." }).max(100, { error: "Uptime is a percentage from 0 to 100." })),
  p99LatencyMs: numberField(
    z.number({ error: "Enter the measured p99 latency." }).int({ error: "Enter the latency in whole milliseconds." }).min(0, { error: "Latency cannot be negative." }).max(600_000, { error: "Latency is at most 600,000 ms (ten minutes)." }),
  ),
});

/** A 0–100 uptime with its decimals kept. */
const uptime = (percent: number) => formatPercent(percent / 100, { fine: true });

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
    { id: "month", header: "Month", sortable: true, value: (m) => m.month, cell: (m) => formatMonth(m.month) },
    {
      id: "uptime",
      header: "Uptime",
      align: "right",
      cell: (m) => <Group gap={6} justify="flex-end" wrap="nowrap"><Text size="sm">{uptime(m.uptimePct)}</Text><Attainment ok={met(m.uptimePct, commitment?.uptimePercent ?? null, true)} /></Group>,
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
          ? `Committed: ${commitment.uptimePercent != null ? `${uptime(commitment.uptimePercent)} uptime` : "no uptime target"}, ${commitment.p99LatencyMs != null ? `p99 under ${formatNumber(commitment.p99LatencyMs)} ms` : "no latency target"}.`
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
  const record = useMutation(
    trpc.staff.sla.record.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.staff.sla.list.queryKey({ organizationId }) });
        notifications.show({ color: "green", message: `SLA for ${formatMonth(input.month)} recorded.` });
        form.setValues({ uptimePct: "", p99LatencyMs: "" });
      },
    }),
  );
  const form = useZodForm(ZSlaMonthForm, { month: previousMonth(new Date()), uptimePct: "", p99LatencyMs: "" }, record.error);

  return (
    <ZodForm
      form={form}
      error={record.error}
      label="Record a month"
      onSubmit={(v) => record.mutate({ organizationId, month: v.month.trim(), uptimePct: Number(v.uptimePct), p99LatencyMs: Number(v.p99LatencyMs) })}
    >
      <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm" style={{ alignItems: "start" }}>
        <TextInput label="Month" placeholder="2026-11" {...form.getInputProps("month")} />
        <NumberInput label="Uptime" suffix=" %" decimalScale={3} min={0} max={100} {...form.getInputProps("uptimePct")} />
        <NumberInput label="p99 latency" suffix=" ms" allowDecimal={false} min={0} max={600_000} thousandSeparator="," {...form.getInputProps("p99LatencyMs")} />
        <Button type="submit" mt={25} loading={record.isPending}>Record month</Button>
      </SimpleGrid>
    </ZodForm>
  );
}
