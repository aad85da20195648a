import { formatDays, formatNumber, formatPercent, SUPPORT_LEVEL_LABELS } from "@atrium/ui";
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { formatDate, formatMoney, TERMS } from "./format.ts";

const STATUS_COLOR = { active: "green", renewal_pending: "orange", expired: "gray", cancelled: "red" } as const;

const untilRenewal = (days: number) => (days === 0 ? "today" : days < 0 ? `${formatDays(-days)} ago` : `in ${formatDays(days)}`);

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500}>{value}</Text>
    </div>
  );
}

/** The enterprise contract and its SLA, read-only; prices only for those allowed to see them. */
export function ContractCard({ orgId, canSeePricing }: { orgId: string; canSeePricing: boolean }) {
  const contract = useQuery(trpc.billing.contract.get.queryOptions({ orgId }));
  const pricing = useQuery({ ...trpc.billing.contract.pricing.queryOptions({ orgId }), enabled: canSeePricing });
  if (!contract.data) return null;
  const c = contract.data;
  return (
    <Paper withBorder p="md" component="section" aria-label="Contract and SLA">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">{c.name}</Title>
          <Badge color={STATUS_COLOR[c.status]} variant="light">{c.status.replace("_", " ")}</Badge>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label="Term" value={`${formatDate(c.startDate)} – ${formatDate(c.endDate)}`} />
          <Fact label="Renewal" value={`${formatDate(c.renewalDate)} (${untilRenewal(c.daysToRenewal)})`} />
          <Fact label="Seats" value={formatNumber(c.seats)} />
          <Fact label="Billing" value={`${c.billingCycle}, ${TERMS[c.paymentTerms] ?? c.paymentTerms}`} />
          <Fact label="Uptime SLA" value={c.sla.uptimePercent === null ? "—" : formatPercent(c.sla.uptimePercent / 100, { fine: true })} />
          <Fact label="p99 latency SLA" value={c.sla.p99LatencyMs === null ? "—" : `${formatNumber(c.sla.p99LatencyMs)} ms`} />
          <Fact label="Support" value={SUPPORT_LEVEL_LABELS[c.sla.supportLevel] ?? c.sla.supportLevel} />
          <Fact label="PO number" value={c.poNumber ?? "—"} />
          <Fact label="Customer success manager" value={c.csmName ?? "—"} />
          <Fact label="Account executive" value={c.accountExecutiveName ?? "—"} />
          {pricing.data && <Fact label="Annual value" value={formatMoney(pricing.data.annualValueMinor, pricing.data.currency)} />}
          {pricing.data && pricing.data.committedAmountMinor > 0n && <Fact label="Committed usage / year" value={formatMoney(pricing.data.committedAmountMinor, pricing.data.currency)} />}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
