import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@atrium/db/testing";
import { createAnalyticsTree, insertMixedEvents } from "./usage-fixtures.ts";
import { rollupUsageAnalytics, rollupUsageBatch } from "./usage-rollup.ts";

const { db } = await createTestDatabase();
const tree = await createAnalyticsTree(db, "rollup");
const orgs = [tree.root, tree.child];

/** Every rollup row, in a stable order, as plain values (a sketch as its bucket:count pairs by bucket; stored order is free). */
async function snapshot() {
  const daily = await db.$queryRaw<unknown[]>`
    SELECT organization_id::text AS org, day::text AS day, metric::text AS metric, operation, status, events::text AS events, quantity::text AS quantity,
           quantity_max::text AS peak, duration_count::text AS dn, duration_sum::text AS ds, (SELECT string_agg(b || ':' || c, ',' ORDER BY b) FROM unnest(latency_buckets, latency_counts) AS s (b, c)) AS sketch
      FROM usage_analytics_daily ORDER BY 1, 2, 3, 4, 5`;
  const resources = await db.$queryRaw<unknown[]>`SELECT organization_id::text, day::text, resource_id, operation, events::text, errors::text FROM usage_analytics_resources_daily ORDER BY 1, 2, 3, 4`;
  return { daily, resources };
}

/** The rollup as the test's own GROUP BY over the raw events would have it (without the sketch). */
async function expectedTotals() {
  return db.$queryRaw<unknown[]>`
    SELECT organization_id::text AS org, (occurred_at AT TIME ZONE 'UTC')::date::text AS day, metric::text AS metric, operation,
           coalesce(status, 'none') AS status, count(*)::text AS events, sum(quantity)::text AS quantity, max(quantity)::text AS peak,
           count(duration_ms)::text AS dn, coalesce(sum(duration_ms), 0)::text AS ds
      FROM usage_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}
const totalsOf = (rows: unknown[]) => rows.map((r) => Object.values(r as object).slice(0, 10));
// (each query names its ten leading columns alike, so rows compare value by value)

describe("usage analytics rollup job", () => {
  it("rolls up every marked day, and the sketch holds exactly the durations reported, bucket by bucket", async () => {
    await insertMixedEvents(db, orgs, "2026-10-01T00:00:00Z", 3000);
    expect(Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_analytics_dirty`)[0]!.n)).toBeGreaterThan(0);
    const result = await rollupUsageAnalytics(db, { batch: 7 });
    expect(result.batches).toBeGreaterThan(1);
    expect(await db.usageAnalyticsDirty.count()).toBe(0);
    expect(totalsOf((await snapshot()).daily)).toEqual(totalsOf(await expectedTotals()));
    const sketches = await db.$queryRaw<{ mismatched: bigint }[]>`
      WITH exact AS (
        SELECT organization_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, metric, operation, coalesce(status, 'none') AS status,
               CASE WHEN duration_ms = 0 THEN 0 ELSE 1 + floor(ln(duration_ms) / ln(1.08))::int END AS bucket, count(*) AS n
          FROM usage_events WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6),
      stored AS (
        SELECT organization_id, day, metric, operation, status, s.k AS bucket, s.n
          FROM usage_analytics_daily, unnest(latency_buckets, latency_counts) AS s (k, n))
      SELECT count(*) AS mismatched FROM exact FULL JOIN stored USING (organization_id, day, metric, operation, status, bucket)
       WHERE exact.n IS DISTINCT FROM stored.n`;
    expect(sketches[0]!.mismatched).toBe(0n);
  });

  it("is idempotent: a rerun, or recomputing every day again, changes nothing", async () => {
    const before = await snapshot();
    expect(await rollupUsageAnalytics(db)).toEqual({ days: 0, batches: 0 });
    await db.$executeRaw`INSERT INTO usage_analytics_dirty (organization_id, day) SELECT DISTINCT organization_id, day FROM usage_analytics_daily`;
    const again = await rollupUsageAnalytics(db);
    expect(again.days).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });

  it("counts a late event on an old day, and forgets a deleted one", async () => {
    const day = "2026-10-03";
    const read = async () =>
      db.usageAnalyticsDaily.findUnique({
        where: { organizationId_day_metric_operation_status: { organizationId: tree.child, day: new Date(`${day}T00:00:00Z`), metric: "api_calls", operation: "late.op", status: "error" } },
        select: { events: true, quantity: true, durationCount: true, latencyBuckets: true, latencyCounts: true },
      });
    await db.$executeRaw`
      INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, recorded_at, operation, status, duration_ms)
      VALUES (${tree.child}::uuid, 'api_calls', 5, 'late-1', ${`${day}T12:00:00Z`}::timestamptz, now(), 'late.op', 'error', 1)`;
    await rollupUsageAnalytics(db);
    expect(await read()).toEqual({ events: 1n, quantity: 5n, durationCount: 1n, latencyBuckets: [1], latencyCounts: [1n] });
    await db.$executeRaw`DELETE FROM usage_events WHERE idempotency_key = 'late-1'`;
    await rollupUsageAnalytics(db);
    expect(await read()).toBeNull();
    expect(totalsOf((await snapshot()).daily)).toEqual(totalsOf(await expectedTotals()));
  });

  it("re-marks a day changed while a batch holds it, so the next run counts the change", async () => {
    const day = "2026-10-05";
    await db.$executeRaw`INSERT INTO usage_analytics_dirty (organization_id, day) VALUES (${tree.root}::uuid, ${day}::date) ON CONFLICT DO NOTHING`;
    // A batch that has taken the mark but not committed yet; meanwhile an event of that day commits.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const batch = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM usage_analytics_dirty WHERE organization_id = ${tree.root}::uuid AND day = ${day}::date FOR UPDATE`;
      await held;
      await tx.$executeRaw`DELETE FROM usage_analytics_dirty WHERE organization_id = ${tree.root}::uuid AND day = ${day}::date`;
    });
    const insert = Promise.resolve(db.$executeRaw`
      INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, operation)
      VALUES (${tree.root}::uuid, 'operations', 2, 'racing-1', ${`${day}T08:00:00Z`}::timestamptz, 'race.op')`); // (Prisma queries start when awaited)
    let inserted = false;
    void insert.then(() => (inserted = true));
    // Release the batch once the insert's mark waits on the batch's lock (or the insert is done: a mark that did not wait is lost).
    while (!inserted && !(await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0]!.n) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await Promise.all([batch, insert]);
    expect(await db.usageAnalyticsDirty.count({ where: { organizationId: tree.root, day: new Date(`${day}T00:00:00Z`) } })).toBe(1);
    await rollupUsageBatch(db);
    expect(totalsOf((await snapshot()).daily)).toEqual(totalsOf(await expectedTotals()));
  });
});
