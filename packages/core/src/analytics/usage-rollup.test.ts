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
  return { daily, resources, coarse: (await coarseLevels()).stored };
}

/** The rollup as the test's own GROUP BY over the raw events would have it (without the sketch). */
async function expectedTotals() {
  return db.$queryRaw<unknown[]>`
    SELECT organization_id::text AS org, (occurred_at AT TIME ZONE 'UTC')::date::text AS day, metric::text AS metric, operation,
           coalesce(status, 'none') AS status, count(*)::text AS events, sum(quantity)::text AS quantity, max(quantity)::text AS peak,
           count(duration_ms)::text AS dn, coalesce(sum(duration_ms), 0)::text AS ds
      FROM usage_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}
/**
 * Each coarse level as stored, and as the test's own GROUP BY over the raw events would have it, as
 * comparable text rows: key, counts, per metric `metric:sum:peak` and the sketch's `bucket:count`, sorted.
 */
async function coarseLevels() {
  const stored = (table: "usage_analytics_operations_daily" | "usage_analytics_operations_monthly" | "usage_analytics_quality_daily", key: string) =>
    db.$queryRawUnsafe<{ row: string }[]>(`
      SELECT concat_ws(' | ', ${key}, events, errors, rated, duration_count, duration_sum,
             ${table === "usage_analytics_quality_daily" ? "''" : "(SELECT string_agg(m || ':' || q || ':' || p, ',' ORDER BY m::text) FROM unnest(metrics, metric_quantities, metric_peaks) AS x (m, q, p))"},
             (SELECT string_agg(b || ':' || c, ',' ORDER BY b) FROM unnest(latency_buckets, latency_counts) AS x (b, c))) AS row
        FROM ${table} ORDER BY 1`);
  const exact = (key: string, withMetrics: boolean) =>
    db.$queryRawUnsafe<{ row: string }[]>(`
      WITH e AS (SELECT *, (occurred_at AT TIME ZONE 'UTC')::date AS day FROM usage_events),
      f AS (SELECT ${key} AS key, count(*) AS events, count(*) FILTER (WHERE status = 'error') AS errors, count(status) AS rated,
                   count(duration_ms) AS dn, coalesce(sum(duration_ms), 0) AS ds FROM e GROUP BY 1),
      m AS (SELECT key, string_agg(metric || ':' || q || ':' || p, ',' ORDER BY metric::text) AS metrics
              FROM (SELECT ${key} AS key, metric, sum(quantity) AS q, max(quantity) AS p FROM e GROUP BY 1, 2) x GROUP BY 1),
      s AS (SELECT key, string_agg(b || ':' || n, ',' ORDER BY b) AS sketch
              FROM (SELECT ${key} AS key, usage_sketch_bucket(duration_ms) AS b, count(*) AS n FROM e WHERE duration_ms IS NOT NULL GROUP BY 1, 2) x GROUP BY 1)
      SELECT concat_ws(' | ', f.key, events, errors, rated, dn, ds, ${withMetrics ? "m.metrics" : "''"}, s.sketch) AS row
        FROM f JOIN m USING (key) LEFT JOIN s USING (key) ORDER BY 1`);
  const rows = (r: { row: string }[]) => r.map((x) => x.row);
  return {
    stored: {
      operationsDaily: rows(await stored("usage_analytics_operations_daily", "concat_ws(' ', organization_id, day, operation)")),
      operationsMonthly: rows(await stored("usage_analytics_operations_monthly", "concat_ws(' ', organization_id, month, operation)")),
      qualityDaily: rows(await stored("usage_analytics_quality_daily", "concat_ws(' ', organization_id, day)")),
    },
    exact: {
      operationsDaily: rows(await exact("concat_ws(' ', organization_id, day, operation)", true)),
      operationsMonthly: rows(await exact("concat_ws(' ', organization_id, date_trunc('month', day)::date, operation)", true)),
      qualityDaily: rows(await exact("concat_ws(' ', organization_id, day)", false)),
    },
  };
}
async function expectCoarseLevelsExact() {
  const { stored, exact } = await coarseLevels();
  expect(stored.operationsDaily.length).toBeGreaterThan(0);
  expect(stored).toEqual(exact);
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
    await expectCoarseLevelsExact();
    expect((await coarseLevels()).stored.operationsMonthly.map((r) => r.split(" ")[1])).toEqual(expect.arrayContaining(["2026-10-01", "2026-11-01"]));
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
    await expectCoarseLevelsExact();
    const month = { organizationId: tree.child, month: new Date("2026-10-01T00:00:00Z"), operation: "late.op" };
    expect(await db.usageAnalyticsOperationMonthly.findUnique({ where: { organizationId_month_operation: month }, select: { events: true, errors: true, metrics: true, metricQuantities: true } }))
      .toEqual({ events: 1n, errors: 1n, metrics: ["api_calls"], metricQuantities: [5n] });
    await db.$executeRaw`DELETE FROM usage_events WHERE idempotency_key = 'late-1'`;
    await rollupUsageAnalytics(db);
    expect(await read()).toBeNull();
    expect(await db.usageAnalyticsOperationMonthly.findUnique({ where: { organizationId_month_operation: month } })).toBeNull();
    expect(totalsOf((await snapshot()).daily)).toEqual(totalsOf(await expectedTotals()));
    await expectCoarseLevelsExact();
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
    await expectCoarseLevelsExact();
  });

  it("merges a month whole when batches running at the same time each recompute some of its days", async () => {
    // Every day marked again, with an event more on each so every month changes; small batches, two at a time.
    await db.$executeRaw`
      INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, operation, status, duration_ms)
      SELECT ${tree.root}::uuid, 'api_calls', 1, 'concurrent-' || d, d + interval '1 hour', 'concurrent.op', 'ok', 40
        FROM generate_series('2026-10-01'::date, '2026-11-30'::date, interval '1 day') AS d`;
    await db.$executeRaw`INSERT INTO usage_analytics_dirty (organization_id, day) SELECT DISTINCT organization_id, day FROM usage_analytics_daily ON CONFLICT DO NOTHING`;
    let done = 1;
    while (done) done = (await Promise.all([rollupUsageBatch(db, 3), rollupUsageBatch(db, 3), rollupUsageBatch(db, 3)])).reduce((s, n) => s + n, 0);
    expect(await db.usageAnalyticsDirty.count()).toBe(0);
    await expectCoarseLevelsExact();
  });
});
