import { describe, expect, it } from "vitest";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { createAnalyticsTree, insertMixedEvents } from "./usage-fixtures.ts";
import { rollupUsageAnalytics } from "./usage-rollup.ts";
import { topResources, usageByOperation, usageQuality, usageSummary } from "./usage-queries.ts";
import { RELATIVE_ERROR } from "./usage-sketch.ts";

const { db } = await createDemoTestDatabase();
const tree = await createAnalyticsTree(db, "figures");
const everyone = [tree.root, tree.child, tree.grandchild, tree.sibling];
await insertMixedEvents(db, everyone, "2026-07-20T00:00:00Z", 8000);
await rollupUsageAnalytics(db);

const range = { from: "2026-09-01", to: "2026-09-30" };
const previous = { from: "2026-08-02", to: "2026-08-31" };
/** Ranges for the operations and quality figures: one whole month (the previous period all days), and whole months with days at both ends. */
const RANGES = [
  ["September (one whole month; the previous period days only)", range, previous],
  ["10 August to 20 October (whole months and days at both ends, both periods)", { from: "2026-08-10", to: "2026-10-20" }, { from: "2026-05-30", to: "2026-08-09" }],
] as const;
/** The organizations of `root`'s subtree, by the test's own SQL. */
async function subtreeOf(root: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT o.id::text AS id FROM organizations o, organizations r WHERE r.id = ${root}::uuid AND o.path <@ r.path`;
  return rows.map((r) => r.id);
}
/** Within the sketch's relative error of an exact value (results are rounded to 0.1 ms). */
function expectClose(actual: number | null, exact: number | null) {
  if (exact === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(RELATIVE_ERROR * exact + 0.05);
}

describe("usage analytics figures equal SQL over the raw events", () => {
  it.each([
    ["the root with its subtree", () => tree.root, true],
    ["the child alone", () => tree.child, false],
    ["the child with its subtree", () => tree.child, true],
  ] as const)("summary: per metric per day, totals and previous totals — %s", async (_name, orgOf, subtree) => {
    const orgs = subtree ? await subtreeOf(orgOf()) : [orgOf()];
    const summary = await usageSummary(db, { organizationId: orgOf(), ...range, subtree, compare: true });
    const expected = async (from: string, to: string) =>
      db.$queryRaw<{ metric: string; events: bigint; quantity: bigint }[]>`
        WITH e AS (SELECT * FROM usage_events WHERE organization_id = ANY(${orgs}::uuid[])
                      AND occurred_at >= ${from}::date::timestamp AT TIME ZONE 'UTC' AND occurred_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'),
             levels AS (SELECT metric, day, sum(peak) AS level FROM
                          (SELECT metric, organization_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, max(quantity) AS peak FROM e GROUP BY 1, 2, 3) p GROUP BY 1, 2)
        SELECT m.metric::text AS metric, (SELECT count(*) FROM e WHERE e.metric = m.metric) AS events,
               CASE WHEN m.metric IN ('seats', 'storage_bytes') THEN coalesce((SELECT max(level) FROM levels l WHERE l.metric = m.metric), 0)
                    ELSE coalesce((SELECT sum(quantity) FROM e WHERE e.metric = m.metric), 0) END::bigint AS quantity
          FROM unnest(enum_range(NULL::usage_metric)) AS m (metric) ORDER BY 1`;
    const now = await expected(range.from, range.to);
    const before = await expected(previous.from, previous.to);
    const byMetric = [...summary.metrics].sort((a, b) => a.metric.localeCompare(b.metric));
    expect(byMetric.map((m) => [m.metric, m.events, m.quantity])).toEqual(now.map((r) => [r.metric, Number(r.events), r.quantity]));
    expect(byMetric.map((m) => [m.metric, m.previous?.events, m.previous?.quantity])).toEqual(before.map((r) => [r.metric, Number(r.events), r.quantity]));
    expect(now.find((r) => r.metric === "api_calls")!.events).toBeGreaterThan(0n);

    const daily = await db.$queryRaw<{ day: string; metric: string; events: bigint; quantity: bigint }[]>`
      SELECT d.day::text AS day, m.metric::text AS metric, count(e.*) AS events,
             CASE WHEN m.metric IN ('seats', 'storage_bytes')
                  THEN coalesce((SELECT sum(peak) FROM (SELECT max(x.quantity) AS peak FROM usage_events x
                                  WHERE x.organization_id = ANY(${orgs}::uuid[]) AND x.metric = m.metric AND (x.occurred_at AT TIME ZONE 'UTC')::date = d.day
                                  GROUP BY x.organization_id) p), 0)
                  ELSE coalesce(sum(e.quantity), 0) END::bigint AS quantity
        FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS d (day)
       CROSS JOIN unnest(enum_range(NULL::usage_metric)) AS m (metric)
        LEFT JOIN usage_events e ON e.organization_id = ANY(${orgs}::uuid[]) AND e.metric = m.metric AND (e.occurred_at AT TIME ZONE 'UTC')::date = d.day
       GROUP BY d.day, m.metric ORDER BY 1, 2`;
    expect(summary.daily.map((d) => [d.day, d.metric, d.events, d.quantity])).toEqual(daily.map((r) => [r.day.slice(0, 10), r.metric, Number(r.events), r.quantity]));
  });

  it.each(RANGES)("operations: events, quantity per metric, error rate and latency percentiles, with the previous period — %s", async (_name, range, previous) => {
    const orgs = await subtreeOf(tree.root);
    const result = await usageByOperation(db, { organizationId: tree.root, ...range, subtree: true, compare: true });
    const expected = async (from: string, to: string) =>
      db.$queryRaw<{ operation: string; events: bigint; errors: bigint; rated: bigint; p50: number | null; p95: number | null; d50: number | null; d95: number | null; api: bigint | null; ops: bigint | null; storage: bigint | null }[]>`
        SELECT operation, count(*) AS events, count(*) FILTER (WHERE status = 'error') AS errors, count(status) AS rated,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS d50, percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS d95,
               sum(quantity) FILTER (WHERE metric = 'api_calls')::bigint AS api, sum(quantity) FILTER (WHERE metric = 'operations')::bigint AS ops,
               max(quantity) FILTER (WHERE metric = 'storage_bytes') AS storage
          FROM usage_events WHERE organization_id = ANY(${orgs}::uuid[])
           AND occurred_at >= ${from}::date::timestamp AT TIME ZONE 'UTC' AND occurred_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY operation ORDER BY count(*) DESC, operation`;
    const now = await expected(range.from, range.to);
    const before = new Map((await expected(previous.from, previous.to)).map((r) => [r.operation, r]));
    expect(result.operations.map((o) => o.operation)).toEqual(now.map((r) => r.operation));
    expect(now.map((r) => r.operation)).toContain("(none)");
    expect(result.operations.every((o) => o.errorRate! > 0 && o.errorRate! < 1)).toBe(true);
    for (const [i, row] of now.entries()) {
      const op = result.operations[i]!;
      const quantity = Object.fromEntries(Object.entries({ api_calls: row.api, operations: row.ops, storage_bytes: row.storage }).filter(([, v]) => v !== null));
      expect([op.events, op.errors, op.errorRate, op.quantity]).toEqual([Number(row.events), Number(row.errors), Number(row.errors) / Number(row.rated), quantity]);
      expectClose(op.p50Ms, row.p50);
      expectClose(op.p95Ms, row.p95);
      expectClose(op.p50Ms, row.d50);
      expectClose(op.p95Ms, row.d95);
      const prev = before.get(row.operation)!;
      expect([op.previous?.events, op.previous?.errors, op.previous?.errorRate]).toEqual([Number(prev.events), Number(prev.errors), Number(prev.errors) / Number(prev.rated)]);
      expectClose(op.previous!.p95Ms, prev.p95);
    }
  });

  it.each(RANGES)("quality: error rate and p50/p95/p99 per day (nearest rank) and over both periods (percentile_cont) — %s", async (_name, range, previous) => {
    const orgs = await subtreeOf(tree.root);
    const quality = await usageQuality(db, { organizationId: tree.root, ...range, subtree: true, compare: true });
    const days = await db.$queryRaw<{ day: string; events: bigint; errors: bigint; rated: bigint; d50: number | null; d95: number | null; d99: number | null }[]>`
      SELECT d.day::text AS day, count(e.*) AS events, count(e.*) FILTER (WHERE e.status = 'error') AS errors, count(e.status) AS rated,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY e.duration_ms) AS d50, percentile_disc(0.95) WITHIN GROUP (ORDER BY e.duration_ms) AS d95,
             percentile_disc(0.99) WITHIN GROUP (ORDER BY e.duration_ms) AS d99
        FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS d (day)
        LEFT JOIN usage_events e ON e.organization_id = ANY(${orgs}::uuid[]) AND (e.occurred_at AT TIME ZONE 'UTC')::date = d.day
       GROUP BY d.day ORDER BY d.day`;
    expect(quality.daily.map((d) => [d.day, d.events, d.errors, d.errorRate])).toEqual(
      days.map((r) => [r.day.slice(0, 10), Number(r.events), Number(r.errors), Number(r.rated) ? Number(r.errors) / Number(r.rated) : null]),
    );
    for (const [i, r] of days.entries()) {
      expectClose(quality.daily[i]!.p50Ms, r.d50);
      expectClose(quality.daily[i]!.p95Ms, r.d95);
      expectClose(quality.daily[i]!.p99Ms, r.d99);
    }
    const totals = async (from: string, to: string) =>
      (await db.$queryRaw<{ events: bigint; errors: bigint; rated: bigint; p50: number; p95: number; p99: number }[]>`
        SELECT count(*) AS events, count(*) FILTER (WHERE status = 'error') AS errors, count(status) AS rated,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
          FROM usage_events WHERE organization_id = ANY(${orgs}::uuid[])
           AND occurred_at >= ${from}::date::timestamp AT TIME ZONE 'UTC' AND occurred_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'`)[0]!;
    for (const [actual, exact] of [[quality.totals, await totals(range.from, range.to)], [quality.totals.previous!, await totals(previous.from, previous.to)]] as const) {
      expect([actual.events, actual.errors, actual.errorRate]).toEqual([Number(exact.events), Number(exact.errors), Number(exact.errors) / Number(exact.rated)]);
      expectClose(actual.p50Ms, exact.p50);
      expectClose(actual.p95Ms, exact.p95);
      expectClose(actual.p99Ms, exact.p99);
    }
  });

  it("top resources: events and errors per resource and operation, busiest first", async () => {
    const orgs = await subtreeOf(tree.child);
    const top = await topResources(db, { organizationId: tree.child, ...range, subtree: true, limit: 12 });
    const expected = await db.$queryRaw<{ resourceId: string; operation: string; events: bigint; errors: bigint }[]>`
      SELECT resource_id AS "resourceId", operation, count(*) AS events, count(*) FILTER (WHERE status = 'error') AS errors
        FROM usage_events WHERE organization_id = ANY(${orgs}::uuid[]) AND resource_id IS NOT NULL
         AND occurred_at >= ${range.from}::date::timestamp AT TIME ZONE 'UTC' AND occurred_at < (${range.to}::date + 1)::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 12`;
    expect(top.resources).toEqual(expected.map((r) => ({ ...r, events: Number(r.events), errors: Number(r.errors) })));
    expect(top.resources.length).toBe(12);
  });
});

describe("subtree scope", () => {
  it("a parent's subtree holds its descendants; a child's never its parent or siblings", async () => {
    const count = async (organizationId: string, subtree: boolean) =>
      (await usageSummary(db, { organizationId, ...range, subtree })).metrics.reduce((s, m) => s + m.events, 0);
    const own = async (ids: string[]) =>
      Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_events WHERE organization_id = ANY(${ids}::uuid[])
        AND occurred_at >= '2026-09-01T00:00:00Z' AND occurred_at < '2026-10-01T00:00:00Z'`)[0]!.n);
    expect(await count(tree.root, true)).toBe(await own(everyone));
    expect(await count(tree.child, true)).toBe(await own([tree.child, tree.grandchild]));
    expect(await count(tree.grandchild, true)).toBe(await own([tree.grandchild]));
    expect(await count(tree.sibling, true)).toBe(await own([tree.sibling]));
    expect(await count(tree.root, false)).toBe(await own([tree.root]));
  });

  it("refuses a reversed or too long range, and an unknown organization", async () => {
    await expect(usageSummary(db, { organizationId: tree.root, from: "2026-09-02", to: "2026-09-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(usageSummary(db, { organizationId: tree.root, from: "2025-01-01", to: "2026-01-02" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(usageSummary(db, { organizationId: "00000000-0000-4000-8000-000000000000", ...range })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
