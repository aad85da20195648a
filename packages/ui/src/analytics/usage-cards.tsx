import { AreaChart } from "@mantine/charts";
import { Select, SimpleGrid } from "@mantine/core";
import type { ReactNode } from "react";
import { chartDefaults } from "../charts/index.ts";
import { DataTable } from "../data-table/index.ts";
import { formatDate, formatMoney, formatNumber, formatPercent } from "@atrium/format";
import { StatCard } from "../stat-card.tsx";
import { AnalyticsCard } from "./analytics-card.tsx";
import { changeLabel, formatLatency, formatQuantity, metricLabel } from "./figures.ts";

type Currency = "usd" | "eur" | "gbp";
interface MetricFigures {
  metric: string;
  events: number;
  quantity: bigint;
}

/** `analytics.usage.summary`'s answer, as the card reads it. */
export interface UsageSummaryData {
  from: string;
  to: string;
  metrics: readonly (MetricFigures & { previous: MetricFigures | null })[];
  daily: readonly (MetricFigures & { day: string })[];
}

/**
 * Usage by metric: each metric's total (with its change against the previous period) and one
 * metric's daily quantity as a chart, the previous period's days beside it when given.
 */
export function UsageByMetricCard({
  data,
  previousDaily,
  metric,
  onMetric,
  controls,
}: {
  data: UsageSummaryData;
  previousDaily?: UsageSummaryData["daily"] | undefined;
  metric: string;
  onMetric(metric: string): void;
  controls?: ReactNode;
}) {
  const dayList = dayRange(data.from, data.to);
  const valueOn = (list: UsageSummaryData["daily"], day: string | undefined) => Number(list.find((d) => d.day === day && d.metric === metric)?.quantity ?? 0n);
  const previousList = previousDaily ? dayRange(previousFrom(data.from, dayList.length), previousFrom(data.from, 1)) : [];
  const rows = dayList.map((day, i) => ({ day: formatDate(day), quantity: valueOn(data.daily, day), ...(previousDaily ? { previous: valueOn(previousDaily, previousList[i]) } : {}) }));
  const series = [{ name: "quantity", label: metricLabel(metric), color: "indigo.6" }, ...(previousDaily ? [{ name: "previous", label: "Previous period", color: "gray.5" }] : [])];
  return (
    <AnalyticsCard title="Usage by metric" description="Quantities recorded per metric; the chart shows one metric per day." controls={controls}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {data.metrics.map((m) => (
          <StatCard
            key={m.metric}
            size="md"
            label={metricLabel(m.metric)}
            value={formatQuantity(m.metric, m.quantity)}
            detail={m.previous ? changeLabel(Number(m.quantity), Number(m.previous.quantity)) : `${formatNumber(m.events)} events`}
          />
        ))}
      </SimpleGrid>
      <Select
        label="Metric on the chart"
        data={data.metrics.map((m) => ({ value: m.metric, label: metricLabel(m.metric) }))}
        value={metric}
        onChange={(v) => v && onMetric(v)}
        allowDeselect={false}
        w={240}
      />
      <div role="img" aria-label={`${metricLabel(metric)} per day from ${formatDate(data.from)} to ${formatDate(data.to)}`}>
        <AreaChart
          h={220}
          data={rows}
          dataKey="day"
          series={series}
          curveType="monotone"
          withDots={false}
          {...chartDefaults({ data: rows, series, format: (v) => formatQuantity(metric, v) })}
          gridAxis="y"
          tickLine="none"
        />
      </div>
    </AnalyticsCard>
  );
}

/** Every UTC day from `from` to `to`, as YYYY-MM-DD. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
const previousFrom = (from: string, back: number) => new Date(Date.parse(from) - back * 86_400_000).toISOString().slice(0, 10);

interface OperationFigures {
  events: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}
export interface OperationRowData extends OperationFigures {
  operation: string;
  previous: OperationFigures | null;
}

/** Usage by operation: events, error rate and latency per operation, with the previous period's events. */
export function UsageByOperationCard({ rows, controls }: { rows: readonly OperationRowData[]; controls?: ReactNode }) {
  return (
    <AnalyticsCard title="Usage by operation" description="What the product did, by the operation it recorded." controls={controls}>
      <DataTable
        label="Usage by operation"
        data={rows}
        getRowId={(r) => r.operation}
        empty="No usage recorded in this range."
        pageSize={10}
        urlKey="operations"
        columns={[
          { id: "operation", header: "Operation", value: (r) => r.operation, width: "28%", sortable: true },
          { id: "events", header: "Events", value: (r) => r.events, cell: (r) => formatNumber(r.events), align: "right", sortable: true },
          { id: "previous", header: "Previous period", value: (r) => r.previous?.events ?? null, cell: (r) => (r.previous ? formatNumber(r.previous.events) : "—"), align: "right" },
          { id: "errors", header: "Error rate", value: (r) => r.errorRate, cell: (r) => formatPercent(r.errorRate), align: "right", sortable: true },
          { id: "p50", header: "p50", value: (r) => r.p50Ms, cell: (r) => formatLatency(r.p50Ms), align: "right" },
          { id: "p95", header: "p95", value: (r) => r.p95Ms, cell: (r) => formatLatency(r.p95Ms), align: "right", sortable: true },
        ]}
      />
    </AnalyticsCard>
  );
}

export interface CostData {
  rows: readonly { operation: string; metric: string; currency: Currency; quantity: bigint; amountMinor: bigint; previousAmountMinor: bigint | null }[];
  totals: readonly { currency: Currency; amountMinor: bigint; previousAmountMinor: bigint | null }[];
}

/** Cost by operation: priced as invoices are, per operation and metric, with the totals per currency. */
export function CostByOperationCard({ data, controls }: { data: CostData; controls?: ReactNode }) {
  return (
    <AnalyticsCard title="Cost by operation" description="Priced by the same rules as your invoices; a metric's cost is shared among its operations by quantity." controls={controls}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {data.totals.map((t) => (
          <StatCard
            key={t.currency}
            size="md"
            label={`Total (${t.currency.toUpperCase()})`}
            value={formatMoney(t.amountMinor, t.currency)}
            detail={t.previousAmountMinor === null ? undefined : changeLabel(Number(t.amountMinor), Number(t.previousAmountMinor))}
          />
        ))}
      </SimpleGrid>
      <DataTable
        label="Cost by operation"
        data={data.rows}
        getRowId={(r) => `${r.operation}:${r.metric}:${r.currency}`}
        empty="Nothing billable in this range."
        pageSize={10}
        urlKey="cost"
        columns={[
          { id: "operation", header: "Operation", value: (r) => r.operation, width: "26%", sortable: true },
          { id: "metric", header: "Metric", value: (r) => metricLabel(r.metric) },
          { id: "quantity", header: "Quantity", value: (r) => r.quantity, cell: (r) => formatQuantity(r.metric, r.quantity), align: "right" },
          { id: "amount", header: "Cost", value: (r) => r.amountMinor, cell: (r) => formatMoney(r.amountMinor, r.currency), align: "right", sortable: true },
          { id: "previous", header: "Previous period", value: (r) => r.previousAmountMinor, cell: (r) => formatMoney(r.previousAmountMinor, r.currency), align: "right" },
        ]}
      />
    </AnalyticsCard>
  );
}

export interface ResourceRowData {
  resourceId: string;
  operation: string;
  events: number;
  errors: number;
}

/** The resources with the most events, with their operation and errors. */
export function TopResourcesCard({ rows, controls }: { rows: readonly ResourceRowData[]; controls?: ReactNode }) {
  return (
    <AnalyticsCard title="Top resources" description="The items the product acted on most, by events." controls={controls}>
      <DataTable
        label="Top resources"
        data={rows}
        getRowId={(r) => `${r.resourceId}:${r.operation}`}
        empty="No usage named a resource in this range."
        columns={[
          { id: "resource", header: "Resource", value: (r) => r.resourceId, width: "36%" },
          { id: "operation", header: "Operation", value: (r) => r.operation },
          { id: "events", header: "Events", value: (r) => r.events, cell: (r) => formatNumber(r.events), align: "right" },
          { id: "errors", header: "Errors", value: (r) => r.errors, cell: (r) => formatNumber(r.errors), align: "right" },
        ]}
      />
    </AnalyticsCard>
  );
}
