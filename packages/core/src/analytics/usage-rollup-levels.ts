/**
 * The coarse levels of the usage analytics rollup, rewritten by each batch of
 * the rollup job (usage-rollup.ts) in the same transaction as the daily rows
 * they merge:
 * - `usage_analytics_operations_daily`: per (organization, day, operation),
 *   the day's `usage_analytics_daily` rows merged over metrics and statuses;
 * - `usage_analytics_quality_daily`: per (organization, day), the day's
 *   operation rows merged;
 * - `usage_analytics_operations_monthly`: per (organization, month,
 *   operation), the month's operation rows merged — recomputed whole for every
 *   month a batch touched, so a late event, a deletion or a rerun leaves it
 *   equal to the merge of its days.
 *
 * Merging adds counts and sums, keeps the largest peak, and adds the counts of
 * equal sketch buckets (exact: a merged sketch is the sketch of the same
 * durations). Two batches never hold the same day (the marks are locked), but
 * they may share a month: each takes a transaction-scoped advisory lock per
 * (organization, month), in one order, before recomputing it, and its
 * statements after the lock see the other batch's committed days (READ
 * COMMITTED takes a snapshot per statement), so the batch that commits last
 * merges every day.
 */
import { Prisma, type Tx } from "@atrium/db";

/** CTE `m`: the per-metric arrays of the rows of CTE `src` merged per `keys` (quantities summed, the largest peak); the queries merge with it too. */
export const MERGE_METRICS = (keys: Prisma.Sql) => Prisma.sql`
  m AS (
    SELECT ${keys}, array_agg(x.metric) AS metrics, array_agg(x.q) AS metric_quantities, array_agg(x.p) AS metric_peaks
      FROM (SELECT ${keys}, u.metric, sum(u.q) AS q, max(u.p) AS p
              FROM src, unnest(src.metrics, src.metric_quantities, src.metric_peaks) AS u (metric, q, p) GROUP BY ${keys}, u.metric) x
     GROUP BY ${keys})`;

/** CTE `s`: the sketches of the rows of CTE `src` merged per `keys` (sparse buckets, their counts summed); the queries merge with it too. */
export const MERGE_SKETCHES = (keys: Prisma.Sql) => Prisma.sql`
  s AS (
    SELECT ${keys}, array_agg(x.k) AS latency_buckets, array_agg(x.n) AS latency_counts
      FROM (SELECT ${keys}, u.k, sum(u.n) AS n FROM src, unnest(src.latency_buckets, src.latency_counts) AS u (k, n) GROUP BY ${keys}, u.k) x
     GROUP BY ${keys})`;

const COUNTS = Prisma.sql`sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated, sum(duration_count) AS duration_count, sum(duration_sum) AS duration_sum`;
const COLUMNS = Prisma.sql`events, errors, rated, duration_count, duration_sum`;
const METRIC_COLUMNS = Prisma.sql`metrics, metric_quantities, metric_peaks`;
const SKETCH = Prisma.sql`coalesce(s.latency_buckets, '{}'), coalesce(s.latency_counts, '{}')`;

/** Rewrites the coarse rows of the given (organization, day) pairs, whose `usage_analytics_daily` rows the batch has just written. */
export async function rollupCoarseLevels(tx: Tx, orgs: readonly string[], days: readonly string[]): Promise<void> {
  const marked = Prisma.sql`unnest(${orgs}::uuid[], ${days}::date[]) AS k (org, day)`;
  await tx.$executeRaw`DELETE FROM usage_analytics_operations_daily r USING ${marked} WHERE r.organization_id = k.org AND r.day = k.day`;
  await tx.$executeRaw`DELETE FROM usage_analytics_quality_daily r USING ${marked} WHERE r.organization_id = k.org AND r.day = k.day`;

  // Per (organization, day, operation): the figures per metric first (sum of quantities, largest report), then merged.
  const dayOp = Prisma.sql`organization_id, day, operation`;
  await tx.$executeRaw`
    WITH src AS MATERIALIZED (
      SELECT d.* FROM ${marked} JOIN usage_analytics_daily d ON d.organization_id = k.org AND d.day = k.day),
    per_metric AS (
      SELECT ${dayOp}, metric, sum(events) AS events, coalesce(sum(events) FILTER (WHERE status = 'error'), 0) AS errors,
             coalesce(sum(events) FILTER (WHERE status <> 'none'), 0) AS rated, sum(duration_count) AS duration_count,
             sum(duration_sum) AS duration_sum, sum(quantity) AS quantity, max(quantity_max) AS peak
        FROM src GROUP BY ${dayOp}, metric),
    f AS (
      SELECT ${dayOp}, ${COUNTS}, array_agg(metric) AS metrics, array_agg(quantity) AS metric_quantities, array_agg(peak) AS metric_peaks
        FROM per_metric GROUP BY ${dayOp}),
    ${MERGE_SKETCHES(dayOp)}
    INSERT INTO usage_analytics_operations_daily (${dayOp}, ${COLUMNS}, ${METRIC_COLUMNS}, latency_buckets, latency_counts)
    SELECT ${dayOp}, ${COLUMNS}, ${METRIC_COLUMNS}, ${SKETCH} FROM f LEFT JOIN s USING (${dayOp})`;

  // Per (organization, day): that day's operation rows merged.
  const orgDay = Prisma.sql`organization_id, day`;
  await tx.$executeRaw`
    WITH src AS MATERIALIZED (
      SELECT d.* FROM ${marked} JOIN usage_analytics_operations_daily d ON d.organization_id = k.org AND d.day = k.day),
    f AS (SELECT ${orgDay}, ${COUNTS} FROM src GROUP BY ${orgDay}),
    ${MERGE_SKETCHES(orgDay)}
    INSERT INTO usage_analytics_quality_daily (${orgDay}, ${COLUMNS}, latency_buckets, latency_counts)
    SELECT ${orgDay}, ${COLUMNS}, ${SKETCH} FROM f LEFT JOIN s USING (${orgDay})`;

  // Per (organization, month, operation): every month the batch touched, recomputed whole from its days, one batch at a time.
  const months = [...new Set(orgs.map((org, i) => `${org} ${days[i]!.slice(0, 7)}-01`))].sort();
  const monthOrgs = months.map((m) => m.split(" ")[0]!);
  const monthDays = months.map((m) => m.split(" ")[1]!);
  const touched = Prisma.sql`unnest(${monthOrgs}::uuid[], ${monthDays}::date[]) AS k (org, month)`;
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtextextended('usage_analytics_month ' || k.org || ' ' || k.month, 0)) FROM ${touched} ORDER BY k.org, k.month`;
  await tx.$executeRaw`DELETE FROM usage_analytics_operations_monthly r USING ${touched} WHERE r.organization_id = k.org AND r.month = k.month`;
  const monthOp = Prisma.sql`organization_id, month, operation`;
  await tx.$executeRaw`
    WITH src AS MATERIALIZED (
      SELECT k.month, d.* FROM ${touched}
        JOIN usage_analytics_operations_daily d ON d.organization_id = k.org AND d.day >= k.month AND d.day < (k.month + interval '1 month')),
    f AS (SELECT ${monthOp}, ${COUNTS} FROM src GROUP BY ${monthOp}),
    ${MERGE_METRICS(monthOp)},
    ${MERGE_SKETCHES(monthOp)}
    INSERT INTO usage_analytics_operations_monthly (${monthOp}, ${COLUMNS}, ${METRIC_COLUMNS}, latency_buckets, latency_counts)
    SELECT ${monthOp}, ${COLUMNS}, ${METRIC_COLUMNS}, ${SKETCH} FROM f JOIN m USING (${monthOp}) LEFT JOIN s USING (${monthOp})`;
}
