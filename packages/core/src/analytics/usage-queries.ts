/**
 * Usage analytics figures for an organization (optionally its subtree) over a
 * range of UTC days, with the previous period of equal length, read from the
 * rollups (`usage_analytics_daily`, `usage_analytics_resources_daily` and the
 * coarser levels merged from them: per operation and day or month, per day;
 * see usage-rollup.ts, lag: the rollup job's schedule). Each query reads the
 * coarsest level that answers it exactly.
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
import { Prisma, type DbOrTx } from "@atrium/db";
import { GAUGE_METRICS } from "../billing/usage.ts";
import { USAGE_METRICS, type UsageMetric } from "../billing/pricing.ts";
import { MERGE_METRICS, MERGE_SKETCHES } from "./usage-rollup-levels.ts";
import { mergeSketches, sketchFromPairs, sketchQuantile } from "./usage-sketch.ts";
import { dayString, daysOf, monthsAndDays, resolveRange, type ResolvedRange, type UsageQuery } from "./usage-range.ts";

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

/** A sketch from the sparse arrays of a merged row (buckets and counts at the same positions). */
const sketchOf = (buckets: number[] | null, counts: bigint[] | null) =>
  buckets?.length ? sketchFromPairs(buckets.map((bucket, i) => ({ bucket, count: counts![i]! }))) : undefined;

/**
 * Per operation: events, quantity per metric, error rate, p50/p95 latency; previous period's when `compare`. By events,
 * descending. Each period reads its whole calendar months from the monthly operation level and its other days from the
 * daily one (usage-rollup-levels.ts), merged in one statement.
 */
export async function usageByOperation(db: DbOrTx, query: UsageQuery & { compare?: boolean | undefined }): Promise<PeriodBounds & { operations: OperationRow[] }> {
  const r = await resolveRange(db, query);
  const parts = [monthsAndDays(r.from, r.to), ...(query.compare ? [monthsAndDays(r.previousFrom, r.previousTo)] : [])];
  const months = parts.flatMap((p) => p.months);
  const days = parts.flatMap((p) => p.days);
  const keys = Prisma.sql`period, operation`;
  const rows = await db.$queryRaw<
    { period: string; operation: string; events: bigint; errors: bigint; rated: bigint; metrics: UsageMetric[]; quantities: bigint[]; peaks: bigint[]; buckets: number[] | null; counts: bigint[] | null }[]
  >`
    WITH src AS MATERIALIZED (
      SELECT CASE WHEN x.day >= ${r.from}::date THEN 'current' ELSE 'previous' END AS period, x.*
        FROM (SELECT month AS day, operation, events, errors, rated, metrics, metric_quantities, metric_peaks, latency_buckets, latency_counts
                FROM usage_analytics_operations_monthly WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND month = ANY(${months}::date[])
              UNION ALL
              SELECT day, operation, events, errors, rated, metrics, metric_quantities, metric_peaks, latency_buckets, latency_counts
                FROM usage_analytics_operations_daily WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day = ANY(${days}::date[])) x),
    f AS (SELECT ${keys}, sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated FROM src GROUP BY ${keys}),
    ${MERGE_METRICS(keys)},
    ${MERGE_SKETCHES(keys)}
    SELECT f.period, f.operation, f.events::bigint AS events, f.errors::bigint AS errors, f.rated::bigint AS rated,
           m.metrics::text[] AS metrics, m.metric_quantities::bigint[] AS quantities, m.metric_peaks::bigint[] AS peaks,
           s.latency_buckets AS buckets, s.latency_counts::bigint[] AS counts
      FROM f JOIN m USING (${keys}) LEFT JOIN s USING (${keys})`;
  const figures = new Map(
    rows.map((row): [string, OperationFigures] => {
      const quantity: OperationFigures["quantity"] = {};
      row.metrics.forEach((metric, i) => (quantity[metric] = GAUGE_METRICS.has(metric) ? row.peaks[i]! : row.quantities[i]!));
      const { p50Ms, p95Ms } = quantiles(sketchOf(row.buckets, row.counts));
      const events = Number(row.events);
      const errors = Number(row.errors);
      return [`${row.period} ${row.operation}`, { events, errors, errorRate: rate(errors, Number(row.rated)), p50Ms, p95Ms, quantity }];
    }),
  );
  const empty: OperationFigures = { events: 0, errors: 0, errorRate: null, p50Ms: null, p95Ms: null, quantity: {} };
  const operations = rows
    .filter((x) => x.period === "current")
    .map((x): OperationRow => ({ operation: x.operation, ...figures.get(`current ${x.operation}`)!, previous: query.compare ? (figures.get(`previous ${x.operation}`) ?? empty) : null }));
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

/** Error rate and p50/p95/p99 latency per day and over the period (and the previous period's when `compare`), from the per-day level. */
export async function usageQuality(db: DbOrTx, query: UsageQuery & { compare?: boolean | undefined }): Promise<UsageQuality> {
  const r = await resolveRange(db, query);
  const lo = query.compare ? r.previousFrom : r.from;
  const keys = Prisma.sql`day`;
  const rows = await db.$queryRaw<{ day: Date; events: bigint; errors: bigint; rated: bigint; buckets: number[] | null; counts: bigint[] | null }[]>`
    WITH src AS MATERIALIZED (
      SELECT day, events, errors, rated, latency_buckets, latency_counts FROM usage_analytics_quality_daily
       WHERE organization_id = ANY(${r.organizationIds}::uuid[]) AND day BETWEEN ${lo}::date AND ${r.to}::date),
    f AS (SELECT day, sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated FROM src GROUP BY day),
    ${MERGE_SKETCHES(keys)}
    SELECT f.day, f.events::bigint AS events, f.errors::bigint AS errors, f.rated::bigint AS rated,
           s.latency_buckets AS buckets, s.latency_counts::bigint[] AS counts
      FROM f LEFT JOIN s USING (day)`;
  const byDay = new Map(rows.map((x) => [dayString(x.day), { ...x, sketch: sketchOf(x.buckets, x.counts) }]));
  const over = (from: string, to: string) => {
    const daily: QualityDay[] = [];
    let events = 0;
    let errors = 0;
    let rated = 0;
    const merged: number[][] = [];
    for (const day of daysOf(from, to)) {
      const row = byDay.get(day);
      const e = Number(row?.events ?? 0n);
      const x = Number(row?.errors ?? 0n);
      const s = Number(row?.rated ?? 0n);
      if (row?.sketch) merged.push(row.sketch);
      daily.push({ day, events: e, errors: x, errorRate: rate(x, s), ...quantiles(row?.sketch) });
      events += e;
      errors += x;
      rated += s;
    }
    return { daily, totals: { events, errors, errorRate: rate(errors, rated), ...quantiles(merged.length ? mergeSketches(merged) : undefined) } };
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
