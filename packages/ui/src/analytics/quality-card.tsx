import { LineChart } from "@mantine/charts";
import { SimpleGrid } from "@mantine/core";
import type { ReactNode } from "react";
import { chartDefaults } from "../charts/index.ts";
import { formatDate, formatPercent } from "@atrium/format";
import { StatCard } from "../stat-card.tsx";
import { AnalyticsCard } from "./analytics-card.tsx";
import { changeLabel, formatLatency } from "./figures.ts";
import { dayRange } from "./usage-cards.tsx";

interface Quality {
  events: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** `analytics.usage.quality`'s answer, as the card reads it. */
export interface QualityData {
  from: string;
  to: string;
  totals: Quality & { previous: Quality | null };
  daily: readonly (Quality & { day: string })[];
}

/**
 * Error rate and latency: the period's error rate and p50/p95/p99 (with their change against the
 * previous period), and two trends — error rate per day and p95 latency per day.
 */
export function QualityCard({ data, controls }: { data: QualityData; controls?: ReactNode }) {
  const days = dayRange(data.from, data.to);
  const of = (day: string) => data.daily.find((d) => d.day === day);
  // A day without events has no rate and no latency: a gap the line bridges, not a zero.
  const errorRows = days.map((day) => {
    const rate = of(day)?.errorRate;
    return { day: formatDate(day), errorRate: rate === null || rate === undefined ? null : rate * 100 };
  });
  const latencyRows = days.map((day) => ({ day: formatDate(day), p95: of(day)?.p95Ms ?? null }));
  const errorSeries = [{ name: "errorRate", label: "Error rate (%)", color: "red.6" }];
  const latencySeries = [{ name: "p95", label: "p95 latency", color: "indigo.6" }];
  const previous = data.totals.previous;
  const change = (current: number | null, before: number | null | undefined) => (current === null || before === null || before === undefined ? undefined : changeLabel(current, before));
  return (
    <AnalyticsCard title="Error rate and latency" description="Operations recorded with an error, and how long operations took (p50, p95, p99)." controls={controls}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <StatCard size="md" label="Error rate" value={formatPercent(data.totals.errorRate)} detail={change(data.totals.errorRate, previous?.errorRate)} />
        <StatCard size="md" label="p50 latency" value={formatLatency(data.totals.p50Ms)} detail={change(data.totals.p50Ms, previous?.p50Ms)} />
        <StatCard size="md" label="p95 latency" value={formatLatency(data.totals.p95Ms)} detail={change(data.totals.p95Ms, previous?.p95Ms)} />
        <StatCard size="md" label="p99 latency" value={formatLatency(data.totals.p99Ms)} detail={change(data.totals.p99Ms, previous?.p99Ms)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <div role="img" aria-label={`Error rate per day from ${formatDate(data.from)} to ${formatDate(data.to)}`}>
          <LineChart h={200} data={errorRows} dataKey="day" series={errorSeries} curveType="monotone" withDots={false} {...chartDefaults({ data: errorRows, series: errorSeries, format: (v) => formatPercent(v / 100) })} gridAxis="y" tickLine="none" />
        </div>
        <div role="img" aria-label={`p95 latency per day from ${formatDate(data.from)} to ${formatDate(data.to)}`}>
          <LineChart h={200} data={latencyRows} dataKey="day" series={latencySeries} curveType="monotone" withDots={false} {...chartDefaults({ data: latencyRows, series: latencySeries, format: formatLatency })} gridAxis="y" tickLine="none" />
        </div>
      </SimpleGrid>
    </AnalyticsCard>
  );
}
