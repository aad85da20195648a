import type { QbrContent } from "@atrium/core/qbr";
import { chartDefaults, errorMessage, formatDate, formatDateTime, formatDays, formatMonth } from "@atrium/ui";
import { BarChart, LineChart } from "@mantine/charts";
import { Alert, Anchor, Button, Grid, Group, List, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { QbrFiguresTable, SlaAttainmentTable } from "./qbr-tables.tsx";
import { ScheduleQbr } from "./schedule-qbr.tsx";

const qbrRoute = getRouteApi("/staff/qbrs/$qbrId");

const USAGE_SERIES = [{ name: "api_calls", label: "API calls", color: "atrium.6" }, { name: "operations", label: "Operations", color: "teal.6" }];
const HEALTH_SERIES = [{ name: "score", label: "Health", color: "atrium.6" }];

/** One QBR: summary, figures (each with its source query), charts, signals, recommendations; PDF and meeting. */
export function QbrPage() {
  const { qbrId } = qbrRoute.useParams();
  const qbr = useQuery(trpc.staff.qbr.get.queryOptions({ qbrId }));
  if (qbr.isPending) return <Loader aria-label="Loading the QBR" />;
  if (qbr.isError) return <Alert color="red" title="Could not load the QBR">{errorMessage(qbr.error)}</Alert>;
  const content = qbr.data.content as unknown as QbrContent;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: qbr.data.organizationId }} />}>← {qbr.data.organizationName}</Anchor>
          <Title order={1} size="h2">QBR {content.quarter}: {qbr.data.organizationName}</Title>
          <Text c="dimmed" size="sm">{content.periodStart} to {content.periodEnd} (exclusive) · generated {formatDateTime(qbr.data.generatedAt)} by {qbr.data.generatedBy}</Text>
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
            <BarChart
              h={220}
              data={content.charts.usageByMonth.rows}
              dataKey="month"
              series={USAGE_SERIES}
              {...chartDefaults({ data: content.charts.usageByMonth.rows, series: USAGE_SERIES, integer: true })}
              xAxisProps={{ tickFormatter: (month: string) => formatMonth(month) }}
              role="img"
              aria-label="Usage by month, this quarter and the last"
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">Health by week</Title>
            {content.charts.healthByWeek.rows.length ? (
              <LineChart
                h={220}
                data={content.charts.healthByWeek.rows}
                dataKey="week"
                series={HEALTH_SERIES}
                {...chartDefaults({ data: content.charts.healthByWeek.rows, series: HEALTH_SERIES, domain: [0, 100] })}
                xAxisProps={{ tickFormatter: (week: string) => formatDate(week) }}
                role="img"
                aria-label="Health by week"
              />
            ) : (
              <Text c="dimmed">No scores in the quarter.</Text>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Figures</Title>
        <Text size="xs" c="dimmed" mb="xs">Hover a figure to see the query it comes from.</Text>
        <QbrFiguresTable content={content} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Service levels vs commitments</Title>
        <SlaAttainmentTable content={content} />
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h4" mb="xs">Renewal and expansion</Title>
            <Text size="sm">{content.renewal ? `Renews ${formatDate(content.renewal.renewalDate)} (${formatDays(content.renewal.daysLeft)} left when this QBR was made).` : "No live contract."}</Text>
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
