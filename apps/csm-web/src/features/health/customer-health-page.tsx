import { chartDefaults, errorMessage, formatCount, formatDateTime, formatNumber } from "@atrium/ui";
import { AreaChart, LineChart } from "@mantine/charts";
import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Paper, Progress, Stack, Text, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { QbrList } from "../qbr/qbr-list.tsx";
import { ChildOrganizationsTable, ContractTermsTable, CustomerTicketsTable } from "./customer-tables.tsx";
import { ImpersonateButton } from "./impersonate-modal.tsx";
import { SlaCard } from "./sla-card.tsx";
import { RISK_COLORS, RISK_LABELS, TREND_ARROWS, TREND_LABELS, type CustomerDetail } from "./format.ts";

const customerHealthRoute = getRouteApi("/staff/portfolio/$orgId");

const USAGE_SERIES = [{ name: "apiCalls", label: "API calls", color: "atrium.6" }, { name: "operations", label: "Operations", color: "teal.6" }];
const HEALTH_SERIES = [{ name: "score", label: "Health", color: "atrium.6" }];
const NPS_SERIES = [{ name: "nps", label: "NPS", color: "grape.6" }];

/** One customer: health card and breakdown, usage, tickets, NPS, contract, child organizations, activity, QBRs. */
export function CustomerHealthPage() {
  const { orgId } = customerHealthRoute.useParams();
  const customer = useQuery(trpc.staff.health.customer.queryOptions({ organizationId: orgId }));
  if (customer.isPending) return <Loader aria-label="Loading the customer" />;
  if (customer.isError) return <Alert color="red" title="Could not load the customer">{errorMessage(customer.error)}</Alert>;
  const c = customer.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/portfolio" search={{}} />}>← My customers</Anchor>
          <Title order={1} size="h2">{c.name}</Title>
          <Text c="dimmed" size="sm">{c.slug} · {c.plan}</Text>
        </div>
        <ImpersonateButton organizationId={c.id} name={c.name} />
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}><HealthCard customer={c} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">Usage, last 90 days</Title>
            <AreaChart
              h={220}
              data={c.usage}
              dataKey="day"
              series={USAGE_SERIES}
              {...chartDefaults({ data: c.usage, series: USAGE_SERIES, integer: true })}
              curveType="linear"
              withDots={false}
              role="img"
              aria-label="Daily usage over the last 90 days"
            />
          </Paper>
        </Grid.Col>
      </Grid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}><ContractCard contract={c.contract} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><NpsCard nps={c.nps} /></Grid.Col>
      </Grid>
      <SlaCard organizationId={c.id} commitment={c.contract && { uptimePercent: c.contract.slaUptimePercent, p99LatencyMs: c.contract.slaP99LatencyMs }} />
      <TicketsCard tickets={c.tickets} />
      {c.children.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">Child organizations</Title>
          <ChildOrganizationsTable items={c.children} currency={c.contract?.currency ?? "usd"} />
        </Paper>
      )}
      <QbrList organizationId={c.id} />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">Activity</Title>
        <Timeline bulletSize={12} lineWidth={2} aria-label="Activity timeline">
          {c.activity.slice(0, 15).map((a, i) => (
            <Timeline.Item key={i} title={<Text size="sm" fw={500} title={a.action}>{a.label}</Text>} color={a.status === "success" ? "atrium" : "red"}>
              <Text size="xs" c="dimmed">{formatDateTime(a.occurredAt)} · {a.actor ?? "system"} · {a.organization}</Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Paper>
    </Stack>
  );
}

function HealthCard({ customer }: { customer: CustomerDetail }) {
  const h = customer.health;
  const queryClient = useQueryClient();
  const recompute = useMutation(
    trpc.staff.health.recompute.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.health.pathKey() }) }),
  );
  return (
    <Paper withBorder p="md" h="100%">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">Health</Title>
        <Button size="xs" variant="light" loading={recompute.isPending} onClick={() => recompute.mutate({ organizationId: customer.id })}>Recompute now</Button>
      </Group>
      {h.score === null ? (
        <Text c="dimmed">Not scored yet.</Text>
      ) : (
        <Stack gap="sm">
          <Group gap="sm" align="baseline">
            <Text fz={44} fw={800} aria-label="Health score">{h.score}</Text>
            {h.trend && <Text fz="xl" c={h.trend === "down" ? "red" : h.trend === "up" ? "teal" : "dimmed"} aria-label={`Trend: ${TREND_LABELS[h.trend]}`}>{TREND_ARROWS[h.trend]}</Text>}
            {h.risk && <Badge color={RISK_COLORS[h.risk]} size="lg">{RISK_LABELS[h.risk]}</Badge>}
          </Group>
          {h.rollup && h.rollup.organizations > 1 && (
            <Text size="xs" c="dimmed">Own score {h.ownScore}; rolled up ({h.rollup.rule.replace("_", "-")}) over {formatCount(h.rollup.organizations, "organization")}.</Text>
          )}
          <Stack gap={6} aria-label="Score breakdown">
            {h.breakdown.map((b) => (
              <div key={b.key}>
                <Group justify="space-between" gap="xs">
                  <Text size="sm">{b.reason}</Text>
                  <Text size="xs" c="dimmed">weight {Math.round(b.weight)}</Text>
                </Group>
                <Progress value={(b.score ?? 0) * 100} color={b.applies ? ((b.score ?? 0) < 0.5 ? "red" : "teal") : "gray"} size="sm" aria-label={`${b.label}: ${Math.round((b.score ?? 0) * 100)} of 100`} />
              </div>
            ))}
          </Stack>
          <LineChart h={120} data={h.sparkline} dataKey="week" series={HEALTH_SERIES} withDots={false} {...chartDefaults({ data: h.sparkline, series: HEALTH_SERIES, domain: [0, 100] })} role="img" aria-label="Health over 18 weeks" />
        </Stack>
      )}
      {recompute.isError && <Alert color="red" mt="sm">{errorMessage(recompute.error)}</Alert>}
    </Paper>
  );
}

function ContractCard({ contract }: { contract: CustomerDetail["contract"] }) {
  return (
    <Paper withBorder p="md" h="100%">
      <Title order={2} size="h4" mb="sm">Contract</Title>
      {!contract ? (
        <Text c="dimmed">No live contract.</Text>
      ) : (
        <ContractTermsTable contract={contract} />
      )}
    </Paper>
  );
}

function NpsCard({ nps }: { nps: CustomerDetail["nps"] }) {
  return (
    <Paper withBorder p="md" h="100%">
      <Title order={2} size="h4" mb="sm">NPS</Title>
      <Group gap="xs" align="baseline">
        <Text fz={32} fw={700}>{nps.nps ?? "—"}</Text>
        <Text size="sm" c="dimmed">{formatNumber(nps.responses)} answers in 90 days</Text>
      </Group>
      {nps.trend.length > 1 && <LineChart h={100} data={nps.trend} dataKey="month" series={NPS_SERIES} {...chartDefaults({ data: nps.trend, series: NPS_SERIES, domain: [-100, 100] })} role="img" aria-label="NPS by month" />}
      <Stack gap={4} mt="xs">
        {nps.recent.slice(0, 3).filter((r) => r.comment).map((r, i) => (
          <Text key={i} size="sm"><b>{r.score}</b> — “{r.comment}” <Text span c="dimmed" size="xs">{r.respondent}</Text></Text>
        ))}
      </Stack>
    </Paper>
  );
}

function TicketsCard({ tickets }: { tickets: CustomerDetail["tickets"] }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Support tickets</Title>
        <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/tickets" />}>Open the desk</Anchor>
      </Group>
      <CustomerTicketsTable tickets={tickets} />
    </Paper>
  );
}
