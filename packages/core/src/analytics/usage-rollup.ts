/**
 * The usage analytics rollup: recomputes, from the raw `usage_events`, every
 * (organization, UTC day) that statement triggers on `usage_events` marked
 * dirty, into `usage_analytics_daily` (counts, sums, latency sketch per
 * metric, operation and status) and `usage_analytics_resources_daily` (the
 * day's 200 busiest resource/operation pairs), then the coarser levels merged
 * from them (usage-rollup-levels.ts: per operation and day, per day, per
 * operation and month).
 *
 * Why "recompute the touched days" rather than add new events to a watermark:
 * it is idempotent by construction (a rerun rewrites the same rows), counts a
 * late event (its insert marks its day, however old), and handles deletions
 * (an erased event's day is marked too), with no reliance on commit order.
 * Each batch takes its marks with `FOR UPDATE SKIP LOCKED` (two runs never
 * work one day twice), and deletes, recomputes and unmarks in one
 * transaction: a crash leaves the marks for the next run. A change committed
 * while a batch runs re-marks its day (the mark is an upsert that waits for
 * the batch's lock), so the next run picks it up.
 *
 * Billing's `usage_daily_rollups` is not touched: invoices and quotas keep
 * reading what the metering transaction writes.
 */
import type { Db } from "@atrium/db";
import { rollupCoarseLevels } from "./usage-rollup-levels.ts";

/** How many (organization, day) pairs one transaction recomputes. */
export const ROLLUP_BATCH = 200;
/** Busiest (resource, operation) pairs kept per organization and day. */
export const TOP_RESOURCES_PER_DAY = 200;

export interface RollupResult {
  /** (organization, day) pairs recomputed. */
  days: number;
  batches: number;
}

/** One batch; returns how many (organization, day) pairs it recomputed (0: nothing left). */
export async function rollupUsageBatch(db: Db, batch = ROLLUP_BATCH): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const marks = await tx.$queryRaw<{ organizationId: string; day: Date }[]>`
        SELECT organization_id::text AS "organizationId", day FROM usage_analytics_dirty
         ORDER BY day, organization_id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      if (!marks.length) return 0;
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      const orgs = marks.map((m) => m.organizationId);
      const days = marks.map((m) => m.day.toISOString().slice(0, 10));
      await tx.$executeRaw`
        DELETE FROM usage_analytics_dirty d USING unnest(${orgs}::uuid[], ${days}::date[]) AS k (org, day)
         WHERE d.organization_id = k.org AND d.day = k.day`;
      await tx.$executeRaw`
        DELETE FROM usage_analytics_daily r USING unnest(${orgs}::uuid[], ${days}::date[]) AS k (org, day)
         WHERE r.organization_id = k.org AND r.day = k.day`;
      await tx.$executeRaw`
        DELETE FROM usage_analytics_resources_daily r USING unnest(${orgs}::uuid[], ${days}::date[]) AS k (org, day)
         WHERE r.organization_id = k.org AND r.day = k.day`;
      // One statement: the marked days' events are read once (by index, day by day), then both rollups are written from them.
      await tx.$executeRaw`
        WITH events AS MATERIALIZED (
          SELECT e.organization_id, k.day, e.metric, e.operation, coalesce(e.status, 'none') AS status,
                 e.quantity, e.duration_ms, e.resource_id
            FROM unnest(${orgs}::uuid[], ${days}::date[]) AS k (org, day)
            CROSS JOIN LATERAL (
              SELECT * FROM usage_events x
               WHERE x.organization_id = k.org
                 AND x.occurred_at >= (k.day::timestamp AT TIME ZONE 'UTC') AND x.occurred_at < ((k.day + 1)::timestamp AT TIME ZONE 'UTC')
              OFFSET 0) e),
        daily AS (
          INSERT INTO usage_analytics_daily
            (organization_id, day, metric, operation, status, events, quantity, quantity_max, duration_count, duration_sum, latency_buckets, latency_counts)
          SELECT organization_id, day, metric, operation, status, sum(n), sum(q), max(qmax), sum(dn), sum(ds),
                 coalesce(array_agg(bucket) FILTER (WHERE bucket IS NOT NULL), '{}'),
                 coalesce(array_agg(dn) FILTER (WHERE bucket IS NOT NULL), '{}')
            FROM (SELECT organization_id, day, metric, operation, status, usage_sketch_bucket(duration_ms) AS bucket,
                         count(*) AS n, sum(quantity) AS q, max(quantity) AS qmax, count(duration_ms) AS dn, coalesce(sum(duration_ms), 0) AS ds
                    FROM events GROUP BY 1, 2, 3, 4, 5, 6) g
           GROUP BY 1, 2, 3, 4, 5)
        INSERT INTO usage_analytics_resources_daily (organization_id, day, resource_id, operation, events, errors)
        SELECT organization_id, day, resource_id, operation, events, errors
          FROM (SELECT organization_id, day, resource_id, operation, count(*) AS events,
                       count(*) FILTER (WHERE status = 'error') AS errors,
                       row_number() OVER (PARTITION BY organization_id, day ORDER BY count(*) DESC, resource_id, operation) AS rank
                  FROM events WHERE resource_id IS NOT NULL GROUP BY 1, 2, 3, 4) r
         WHERE rank <= ${TOP_RESOURCES_PER_DAY}`;
      await rollupCoarseLevels(tx, orgs, days);
      return marks.length;
    },
    { maxWait: 15_000, timeout: 300_000 },
  );
}

/** Batches until no marked day is left (or `maxBatches`, so one run stays bounded). */
export async function rollupUsageAnalytics(db: Db, options: { batch?: number; maxBatches?: number } = {}): Promise<RollupResult> {
  let days = 0;
  let batches = 0;
  while (batches < (options.maxBatches ?? 1000)) {
    const done = await rollupUsageBatch(db, options.batch ?? ROLLUP_BATCH);
    if (!done) break;
    days += done;
    batches++;
  }
  return { days, batches };
}
