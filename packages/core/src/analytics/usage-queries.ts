/**
 * Usage analytics figures for an organization (optionally its subtree) over a
 * range of UTC days, with the previous period of equal length, read from the
 * rollups (`usage_analytics_daily`, `usage_analytics_resources_daily`; see
 * usage-rollup.ts, lag: the rollup job's schedule).
 *
 * Definitions (each test recomputes them with its own SQL over usage_events):
 * - quantity of a counter (api_calls, operations) is the sum of its reports;
 *   of a gauge (seats, storage_bytes) the level: per organization and day the
 *   largest report, summed over the scope's organizations per day, and over a
 *   period the peak day (billing's own reading of a gauge);
 * - error rate = events with status `error` ÷ events that reported a status
 *   (`ok` or `error`); null when none did;
 * - latency percentiles are nearest-rank over the durations reported, from the
 *   merged sketches (usage-sketch.ts: within RELATIVE_ERROR); null without any.
 */
import type { DbOrTx } from "@atrium/db";
import { GAUGE_METRICS } from "../billing/usage.ts";
import { USAGE_METRICS, type UsageMetric } from "../billing/pricing.ts";
import { sketchFromPairs, sketchQuantile } from "./usage-sketch.ts";
import { daysOf, resolveRange, type ResolvedRange, type UsageQuery } from "./usage-range.ts";

export interface PeriodBounds {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
}
const bounds = (r: ResolvedRange): PeriodBounds => ({ from: r.from, to: r.to, previousFrom: r.previousFrom, previousTo: r.previousTo });

export interface MetricFigures {
  metric: UsageMetric;
  events: number;
  quantity: bigint;
}
export interface MetricDay extends MetricFigures {
  day: string;
}
export interface UsageSummary extends PeriodBounds {
  metrics: (MetricFigures & { previous: MetricFigures | null })[];
  daily: MetricDay[];
}

/** Events and quantity per metric: per day, totals, and the previous period's totals when `compare`. */
export async function usageSummary(db: DbOrTx, query: UsageQuery & { compare?: boolean | undefined }): Promise<UsageSummary> {
  const r = await resolveRange(db, query);
  const lo = query.compare ? r.previousFrom : r.from;
  const rows = await db.$queryRaw<{ day: Date; metric: UsageMetric; events: bigint; quantity: bigint; peak: bigint }[]>`
    SELECT day, metric::text AS metric, sum(events)::bigint AS events, sum(quantity)::bigint AS quantity, sum(peak)::bigint AS peak
      FROM (SELECT organization_id, day, metric, sum(events) AS events, sum(quantity) AS quantity, max(quantity_max) AS peak
              FROM usage_analytics_daily
             WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day BETWEEN ${lo}::date AND ${r.to}::date
             GROUP BY 1, 2, 3) o
     GROUP BY 1, 2`;
  const key = (day: string, metric: string) => `${day} ${metric}`;
  const byDay = new Map(rows.map((x) => [key(x.day.toISOString().slice(0, 10), x.metric), x]));
  const figuresOf = (from: string, to: string) => {
    const days = daysOf(from, to);
    const daily: MetricDay[] = [];
    const totals: MetricFigures[] = [];
    for (const metric of USAGE_METRICS) {
      const gauge = GAUGE_METRICS.has(metric);
      let events = 0;
      let quantity = 0n;
      for (const day of days) {
        const row = byDay.get(key(day, metric));
        const q = row ? (gauge ? row.peak : row.quantity) : 0n;
        daily.push({ day, metric, events: Number(row?.events ?? 0n), quantity: q });
        events += Number(row?.events ?? 0n);
        quantity = gauge ? (q > quantity ? q : quantity) : quantity + q;
      }
      totals.push({ metric, events, quantity });
    }
    return { daily, totals };
  };
  const current = figuresOf(r.from, r.to);
  const previous = query.compare ? figuresOf(r.previousFrom, r.previousTo).totals : null;
  return {
    ...bounds(r),
    metrics: current.totals.map((t, i) => ({ ...t, previous: previous ? previous[i]! : null })),
    daily: current.daily.sort((a, b) => a.day.localeCompare(b.day) || a.metric.localeCompare(b.metric)),
  };
}

interface Quality {
  events: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}
const rate = (errors: number, withStatus: number) => (withStatus ? errors / withStatus : null);

/** Merged sketches per key: (key, bucket, count) rows → key → sketch. */
function sketchesOf(rows: { key: string; bucket: number; count: bigint }[]): Map<string, number[]> {
  const grouped = new Map<string, { bucket: number; count: bigint }[]>();
  for (const row of rows) (grouped.get(row.key) ?? grouped.set(row.key, []).get(row.key)!).push(row);
  return new Map([...grouped].map(([k, pairs]) => [k, sketchFromPairs(pairs)]));
}
const quantiles = (sketch: number[] | undefined) => ({
  p50Ms: sketch ? sketchQuantile(sketch, 0.5) : null,
  p95Ms: sketch ? sketchQuantile(sketch, 0.95) : null,
  p99Ms: sketch ? sketchQuantile(sketch, 0.99) : null,
});

export interface OperationFigures extends Omit<Quality, "p99Ms"> {
  /** Per metric reported under the operation: the sum for a counter, the largest report for a gauge. */
  quantity: Partial<Record<UsageMetric, bigint>>;
}
export interface OperationRow extends OperationFigures {
  operation: string;
  previous: OperationFigures | null;
}

/** Per operation: events, quantity per metric, error rate, p50/p95 latency; previous period's when `compare`. By events, descending. */
export async function usageByOperation(db: DbOrTx, query: UsageQuery & { compare?: boolean | undefined }): Promise<PeriodBounds & { operations: OperationRow[] }> {
  const r = await resolveRange(db, query);
  const lo = query.compare ? r.previousFrom : r.from;
  const rows = await db.$queryRaw<{ period: string; operation: string; metric: UsageMetric; events: bigint; errors: bigint; withStatus: bigint; quantity: bigint; peak: bigint }[]>`
    SELECT CASE WHEN day >= ${r.from}::date THEN 'current' ELSE 'previous' END AS period, operation, metric::text AS metric,
           sum(events)::bigint AS events, coalesce(sum(events) FILTER (WHERE status = 'error'), 0)::bigint AS errors,
           coalesce(sum(events) FILTER (WHERE status <> 'none'), 0)::bigint AS "withStatus",
           sum(quantity)::bigint AS quantity, max(quantity_max)::bigint AS peak
      FROM usage_analytics_daily
     WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day BETWEEN ${lo}::date AND ${r.to}::date
     GROUP BY 1, 2, 3`;
  const buckets = await db.$queryRaw<{ key: string; bucket: number; count: bigint }[]>`
    SELECT CASE WHEN day >= ${r.from}::date THEN 'current' ELSE 'previous' END || ' ' || operation AS key, s.k AS bucket, sum(s.n)::bigint AS count
      FROM usage_analytics_daily d CROSS JOIN LATERAL unnest(d.latency_buckets, d.latency_counts) AS s (k, n)
     WHERE d.organization_id = ANY(${r.organizationIds}::uuid[]) AND d.day BETWEEN ${lo}::date AND ${r.to}::date
     GROUP BY 1, 2`;
  const sketches = sketchesOf(buckets);
  const figures = new Map<string, OperationFigures & { withStatus: number }>();
  for (const row of rows) {
    const k = `${row.period} ${row.operation}`;
    const f = figures.get(k) ?? figures.set(k, { events: 0, errors: 0, withStatus: 0, errorRate: null, p50Ms: null, p95Ms: null, quantity: {} }).get(k)!;
    f.events += Number(row.events);
    f.errors += Number(row.errors);
    f.withStatus += Number(row.withStatus);
    f.quantity[row.metric] = GAUGE_METRICS.has(row.metric) ? row.peak : row.quantity;
  }
  const finish = (k: string): OperationFigures | null => {
    const f = figures.get(k);
    if (!f) return null;
    const { p50Ms, p95Ms } = quantiles(sketches.get(k));
    return { events: f.events, errors: f.errors, errorRate: rate(f.errors, f.withStatus), p50Ms, p95Ms, quantity: f.quantity };
  };
  const operations = [...new Set(rows.filter((x) => x.period === "current").map((x) => x.operation))].map((operation): OperationRow => {
    const empty: OperationFigures = { events: 0, errors: 0, errorRate: null, p50Ms: null, p95Ms: null, quantity: {} };
    return { operation, ...finish(`current ${operation}`)!, previous: query.compare ? (finish(`previous ${operation}`) ?? empty) : null };
  });
  operations.sort((a, b) => b.events - a.events || a.operation.localeCompare(b.operation));
  return { ...bounds(r), operations };
}

export interface QualityDay extends Quality {
  day: string;
}
export interface UsageQuality extends PeriodBounds {
  totals: Quality & { previous: Quality | null };
  daily: QualityDay[];
}

/** Error rate and p50/p95/p99 latency per day and over the period (and the previous period's when `compare`). */
export async function usageQuality(db: DbOrTx, query: UsageQuery & { compare?: boolean | undefined }): Promise<UsageQuality> {
  const r = await resolveRange(db, query);
  const lo = query.compare ? r.previousFrom : r.from;
  const rows = await db.$queryRaw<{ day: Date; events: bigint; errors: bigint; withStatus: bigint }[]>`
    SELECT day, sum(events)::bigint AS events, coalesce(sum(events) FILTER (WHERE status = 'error'), 0)::bigint AS errors,
           coalesce(sum(events) FILTER (WHERE status <> 'none'), 0)::bigint AS "withStatus"
      FROM usage_analytics_daily
     WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day BETWEEN ${lo}::date AND ${r.to}::date
     GROUP BY 1`;
  const buckets = await db.$queryRaw<{ key: string; bucket: number; count: bigint }[]>`
    SELECT d.day::text AS key, s.k AS bucket, sum(s.n)::bigint AS count
      FROM usage_analytics_daily d CROSS JOIN LATERAL unnest(d.latency_buckets, d.latency_counts) AS s (k, n)
     WHERE d.organization_id = ANY(${r.organizationIds}::uuid[]) AND d.day BETWEEN ${lo}::date AND ${r.to}::date
     GROUP BY 1, 2`;
  const perDay = sketchesOf(buckets);
  const byDay = new Map(rows.map((x) => [x.day.toISOString().slice(0, 10), x]));
  const over = (from: string, to: string) => {
    const daily: QualityDay[] = [];
    let events = 0;
    let errors = 0;
    let withStatus = 0;
    const merged: number[][] = [];
    for (const day of daysOf(from, to)) {
      const row = byDay.get(day);
      const e = Number(row?.events ?? 0n);
      const x = Number(row?.errors ?? 0n);
      const s = Number(row?.withStatus ?? 0n);
      const sketch = perDay.get(day);
      if (sketch) merged.push(sketch);
      daily.push({ day, events: e, errors: x, errorRate: rate(x, s), ...quantiles(sketch) });
      events += e;
      errors += x;
      withStatus += s;
    }
    const all = merged.length ? sketchFromPairs(merged.flatMap((sk) => sk.map((count, bucket) => ({ bucket, count })))) : undefined;
    return { daily, totals: { events, errors, errorRate: rate(errors, withStatus), ...quantiles(all) } };
  };
  const current = over(r.from, r.to);
  return { ...bounds(r), totals: { ...current.totals, previous: query.compare ? over(r.previousFrom, r.previousTo).totals : null }, daily: current.daily };
}

export interface ResourceRow {
  resourceId: string;
  operation: string;
  events: number;
  errors: number;
}

/**
 * The resources with the most events (per resource and operation) over the range. Read from each
 * day's 200 busiest pairs: exact while a day has at most 200, otherwise the long tail is left out.
 */
export async function topResources(db: DbOrTx, query: UsageQuery & { limit?: number | undefined }): Promise<PeriodBounds & { resources: ResourceRow[] }> {
  const r = await resolveRange(db, query);
  const rows = await db.$queryRaw<{ resourceId: string; operation: string; events: bigint; errors: bigint }[]>`
    SELECT resource_id AS "resourceId", operation, sum(events)::bigint AS events, sum(errors)::bigint AS errors
      FROM usage_analytics_resources_daily
     WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date
     GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ${query.limit ?? 10}`;
  return { ...bounds(r), resources: rows.map((x) => ({ resourceId: x.resourceId, operation: x.operation, events: Number(x.events), errors: Number(x.errors) })) };
}
