import type { QbrContent } from "@atrium/core";
import { errorMessage } from "@atrium/ui";
import { BarChart, LineChart } from "@mantine/charts";
import { Alert, Anchor, Badge, Button, Code, Grid, Group, List, Loader, Paper, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { qbrRoute } from "../../routes/router.tsx";
import { ScheduleQbr } from "./schedule-qbr.tsx";

const fmt = (v: number | null, unit: string) =>
  v === null ? "—" : unit === "percent" ? `${v}%` : unit === "hours" ? `${v} h` : unit === "ms" ? `${v} ms` : Math.round(v).toLocaleString("en-US");

/** One QBR: summary, figures (each with its source query), charts, signals, recommendations; PDF and meeting. */
export function QbrPage() {
  const { qbrId } = qbrRoute.useParams();
  const qbr = useQuery(trpc.qbr.get.queryOptions({ qbrId }));
  if (qbr.isPending) return <Loader aria-label="Loading the QBR" />;
  if (qbr.isError) return <Alert color="red" title="Could not load the QBR">{errorMessage(qbr.error)}</Alert>;
  const content = qbr.data.content as unknown as QbrContent;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: qbr.data.organizationId }} />}>← {qbr.data.organizationName}</Anchor>
          <Title order={1} size="h2">QBR {content.quarter}: {qbr.data.organizationName}</Title>
          <Text c="dimmed" size="sm">{content.periodStart} to {content.periodEnd} (exclusive) · generated {qbr.data.generatedAt.toLocaleString()} by {qbr.data.generatedBy}</Text>
        </div>
        <Group>
          <ScheduleQbr qbrId={qbrId} meetings={qbr.data.meetings} />
          <Button component="a" href={`/api/csm/qbrs/${qbrId}/pdf`} download>Download PDF</Button>
        </Group>
      </Group>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Executive summary</Title>
        <List size="sm">{content.summary.map((s, i) => <List.Item key={i}>{s}</List.Item>)}</List>
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">Usage by month</Title>
            <BarChart h={220} data={content.charts.usageByMonth.rows} dataKey="month" series={[{ name: "api_calls", label: "API calls", color: "atrium.6" }, { name: "operations", label: "Operations", color: "teal.6" }]} aria-label="Usage by month, this quarter and the last" />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">Health by week</Title>
            {content.charts.healthByWeek.rows.length ? (
              <LineChart h={220} data={content.charts.healthByWeek.rows} dataKey="week" series={[{ name: "score", label: "Health", color: "atrium.6" }]} yAxisProps={{ domain: [0, 100] }} aria-label="Health by week" />
            ) : (
              <Text c="dimmed">No scores in the quarter.</Text>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Figures</Title>
        <Text size="xs" c="dimmed" mb="xs">Hover a figure to see the query it comes from.</Text>
        <Table aria-label="QBR figures">
          <Table.Thead><Table.Tr><Table.Th>Figure</Table.Th><Table.Th ta="right">{content.quarter}</Table.Th><Table.Th ta="right">Previous quarter</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(content.figureOrder ?? Object.keys(content.figures)).map((key) => content.figures[key]).map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>
                  <Tooltip multiline w={520} label={<Code block>{f.source.sql.replace(/\s+/g, " ")}</Code>}>
                    <Text size="sm" td="underline dotted">{f.label}</Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td ta="right">{fmt(f.value, f.unit)}</Table.Td>
                <Table.Td ta="right">{fmt(f.previous, f.unit)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Service levels vs commitments</Title>
        <Table aria-label="SLA attainment">
          <Table.Thead><Table.Tr><Table.Th>Month</Table.Th><Table.Th ta="right">Uptime</Table.Th><Table.Th ta="right">p99</Table.Th><Table.Th>Met</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {content.charts.slaByMonth.rows.map((r) => {
              const met = r.uptime_pct !== null && (r.uptime_target === null || r.uptime_pct >= r.uptime_target) && (r.p99_target === null || (r.p99_latency_ms ?? 0) <= r.p99_target);
              return (
                <Table.Tr key={r.month}>
                  <Table.Td>{r.month}</Table.Td>
                  <Table.Td ta="right">{r.uptime_pct ?? "—"}% / {r.uptime_target ?? "—"}%</Table.Td>
                  <Table.Td ta="right">{r.p99_latency_ms ?? "—"} / {r.p99_target ?? "—"} ms</Table.Td>
                  <Table.Td>{r.uptime_pct === null ? "—" : <Badge color={met ? "teal" : "red"} variant="light">{met ? "met" : "missed"}</Badge>}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h4" mb="xs">Renewal and expansion</Title>
            <Text size="sm">{content.renewal ? `Renews ${content.renewal.renewalDate} (${content.renewal.daysLeft} days).` : "No live contract."}</Text>
            <List size="sm" mt="xs">{(content.expansionSignals.length ? content.expansionSignals : ["No expansion signal this quarter."]).map((s, i) => <List.Item key={i}>{s}</List.Item>)}</List>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h4" mb="xs">Recommendations</Title>
            <List size="sm">{content.recommendations.map((r, i) => <List.Item key={i}>{r}</List.Item>)}</List>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
