import { chartDefaults, errorMessage, formatDays } from "@atrium/ui";
import { AreaChart } from "@mantine/charts";
import { Alert, Group, Paper, Progress, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { formatQuantity, METRIC_NAMES } from "./format.ts";
import type { TBillingSearch } from "./search.ts";

const STATUS_COLOR = { ok: "blue", warn: "orange", full: "red" } as const;

/** This month's metered usage against the plan's quotas, and the daily trend of one metric. */
export function UsageCard({ orgId, search, onSearch }: { orgId: string; search: TBillingSearch; onSearch(patch: Partial<TBillingSearch>): void }) {
  const quotas = useQuery(trpc.billing.usage.quotas.queryOptions({ orgId }));
  const series = useQuery({ ...trpc.billing.usage.series.queryOptions({ orgId, days: search.days }), placeholderData: keepPreviousData });

  const data = (series.data ?? []).filter((p) => p.metric === search.metric).map((p) => ({ day: p.day.slice(5), value: Number(p.quantity) }));
  const usageSeries = [{ name: "value", label: METRIC_NAMES[search.metric] ?? search.metric, color: "indigo.6" }];
  return (
    <Paper withBorder p="md" component="section" aria-label="Usage">
      <Stack gap="md">
        <Title order={2} size="h4">Usage this month</Title>
        {quotas.isError && <Alert color="red" role="alert">{errorMessage(quotas.error)}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
          {(quotas.data ?? []).filter((q) => q.metric !== "seats").map((q) => {
            const used = formatQuantity(q.metric, q.used);
            const amount = q.limit === null ? `${used} (unlimited)` : `${used} of ${formatQuantity(q.metric, q.limit)}`;
            return (
              <Stack key={q.metric} gap={4}>
                <Group justify="space-between">
                  <Text size="sm" fw={600}>{q.label}</Text>
                  <Text size="sm">{amount}</Text>
                </Group>
                {q.limit !== null && (
                  <Progress value={Math.min(100, (Number(q.used) / Math.max(1, q.limit)) * 100)} color={STATUS_COLOR[q.status]} size="lg" aria-label={`${q.label}: ${amount}`} />
                )}
                {q.status === "warn" && <Text size="xs" c="orange.9">Over 80 % of the monthly limit.</Text>}
                {q.status === "full" && <Text size="xs" c="red.8">Limit reached: further usage is refused (402) until next month or an upgrade.</Text>}
              </Stack>
            );
          })}
        </SimpleGrid>
        <Group justify="space-between">
          <Select
            label="Metric"
            data={Object.entries(METRIC_NAMES).map(([value, label]) => ({ value, label }))}
            value={search.metric}
            onChange={(v) => v && onSearch({ metric: v as TBillingSearch["metric"] })}
            allowDeselect={false}
            w={220}
          />
          <SegmentedControl
            aria-label="Range"
            data={[{ value: "30", label: "30 days" }, { value: "90", label: "90 days" }, { value: "180", label: "180 days" }]}
            value={String(search.days)}
            onChange={(v) => onSearch({ days: Number(v) as TBillingSearch["days"] })}
          />
        </Group>
        {series.isPending ? (
          <Skeleton h={220} aria-label="Loading usage" />
        ) : data.length === 0 ? (
          <Text c="dimmed" size="sm">No usage recorded in this range.</Text>
        ) : (
          <div role="img" aria-label={`${METRIC_NAMES[search.metric]} per day, last ${formatDays(search.days)}`}>
            <AreaChart
              h={220}
              data={data}
              dataKey="day"
              series={usageSeries}
              curveType="monotone"
              withDots={false}
              {...chartDefaults({ data, series: usageSeries, format: (v) => formatQuantity(search.metric, v) })}
              gridAxis="y"
              tickLine="none"
            />
          </div>
        )}
      </Stack>
    </Paper>
  );
}
