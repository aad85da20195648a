/**
 * `npm run bench:health -w @atrium/bench`: the health-scores recompute over
 * 10,000 enterprise organizations (2,000 customers with four child
 * organizations each) with 180 days of daily usage, against a hand-written
 * set-based SQL baseline in the same run. The baseline computes the same
 * scores (weights and thresholds inlined, no breakdown, no configuration
 * lookup) into a temporary table; the job is the product's recomputeHealth
 * (configuration, breakdown JSON, roll-up, upsert into health_scores).
 * Rounds alternate baseline, job, job, baseline, …; the ratio is of medians.
 * Also checks that both give every organization the same score.
 */
import { recomputeHealth } from "@atrium/core/health";
import { createDb } from "@atrium/db";
import pg from "pg";
import { createBenchDatabase } from "./database.ts";
import { readBenchEnv } from "./env.ts";

const ROOTS = 2_000;
const CHILDREN = 4;
const DAYS = 180;
const ROUNDS = 3;
const log = (line: string) => console.error(`bench:health: ${line}`);

/** Synthetic book: contracts, 180 days of rollups, recent feature events, tickets, NPS, overdue invoices. */
async function generate(client: pg.Client) {
  await client.query("SET synchronous_commit = off");
  await client.query(`
    INSERT INTO organizations (name, slug, plan, is_enterprise)
    SELECT 'Customer ' || i, 'bench-' || i, 'enterprise', true FROM generate_series(1, ${ROOTS}) i`);
  await client.query(`
    INSERT INTO organizations (name, slug, plan, is_enterprise, parent_id)
    SELECT r.name || ' unit ' || c, r.slug || '-u' || c, 'enterprise', true, r.id
      FROM organizations r CROSS JOIN generate_series(1, ${CHILDREN}) c WHERE r.parent_id IS NULL`);
  await client.query(`
    INSERT INTO contracts (organization_id, issuer_id, name, currency, annual_value_minor, seats, start_date, end_date, renewal_date)
    SELECT id, 'atrium-us', 'Agreement', 'usd', 1000000 + (hashtext(id::text) & 1023) * 10000, 20 + (hashtext(id::text) & 255),
           current_date - 200, current_date + 165, current_date + 165
      FROM organizations`);
  log("organizations and contracts generated; generating 180 days of usage…");
  await client.query(`
    INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
    SELECT o.id, m.metric::usage_metric, current_date - d,
           greatest(0, ((hashtext(o.id::text || d) & 1023) + 100) * m.scale / 100 + (hashtext(o.id::text) & 63) * (${DAYS} - d) / 20), 1
      FROM organizations o CROSS JOIN generate_series(0, ${DAYS - 1}) d
     CROSS JOIN (VALUES ('api_calls', 5000), ('operations', 500), ('seats', 4)) m(metric, scale)`);
  await client.query(`
    INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, properties)
    SELECT o.id, 'operations', 1, 'bench-' || f || '-' || d, now() - d * interval '1 day',
           jsonb_build_object('feature', (ARRAY['sso', 'audit_log', 'api', 'workspaces', 'reports', 'other'])[f])
      FROM organizations o CROSS JOIN generate_series(1, 6) f CROSS JOIN generate_series(1, 28, 9) d
     WHERE (hashtext(o.id::text || f) & 3) <> 0`);
  await client.query(`
    INSERT INTO support_tickets (organization_id, subject, priority, support_level, created_at, first_response_due_at, resolution_due_at, resolved_at, status)
    SELECT o.id, 'Ticket', (ARRAY['low', 'normal', 'high', 'urgent'])[1 + (hashtext(o.id::text || t) & 3)], 'premium',
           now() - (t * 7) * interval '1 day', now() - (t * 7) * interval '1 day' + interval '4 hours',
           now() - (t * 7) * interval '1 day' + interval '48 hours',
           CASE WHEN t > 1 THEN now() - (t * 7) * interval '1 day' + ((hashtext(o.id::text) & 127) * interval '1 hour') END,
           CASE WHEN t > 1 THEN 'resolved' ELSE 'open' END
      FROM organizations o CROSS JOIN generate_series(1, 3) t WHERE (hashtext(o.id::text) & 3) = 0`);
  await client.query(`
    INSERT INTO nps_responses (organization_id, score, created_at)
    SELECT o.id, hashtext(o.id::text || n) & 7 + 3, now() - n * interval '10 days'
      FROM organizations o CROSS JOIN generate_series(1, 3) n WHERE (hashtext(o.id::text) & 1) = 0`);
  await client.query(`
    INSERT INTO invoices (organization_id, payer_organization_id, source, status, currency, number, period_start, period_end, due_date)
    SELECT id, id, 'manual', 'open', 'usd', 'BENCH-' || row_number() OVER (), current_date - 90, current_date - 60, current_date - 20
      FROM organizations WHERE (hashtext(id::text) & 15) = 0`);
  await client.query("ANALYZE");
}

/** The baseline: the same scores in one hand-written statement (default weights and thresholds inlined). */
const BASELINE = `
CREATE TEMP TABLE IF NOT EXISTS baseline_scores (organization_id uuid PRIMARY KEY, score int NOT NULL);
TRUNCATE baseline_scores;
INSERT INTO baseline_scores
WITH u AS (
  SELECT organization_id,
         max(quantity) FILTER (WHERE metric = 'seats' AND day > current_date - 30) AS active,
         coalesce(sum(quantity) FILTER (WHERE metric IN ('api_calls', 'operations') AND day > current_date - 30), 0) AS l30,
         coalesce(sum(quantity) FILTER (WHERE metric IN ('api_calls', 'operations') AND day <= current_date - 30), 0) AS p30,
         max(day) FILTER (WHERE metric IN ('api_calls', 'operations') AND quantity > 0) AS last_day
    FROM usage_daily_rollups WHERE day > current_date - 60 AND day <= current_date GROUP BY organization_id),
f AS (
  SELECT organization_id, count(DISTINCT properties ->> 'feature') AS used FROM usage_events
   WHERE occurred_at >= current_date - 29 AND occurred_at < current_date + 1
     AND properties ->> 'feature' IN ('sso', 'audit_log', 'api', 'workspaces', 'reports') GROUP BY organization_id),
t AS (
  SELECT organization_id,
         sum(CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0.5 END)
           FILTER (WHERE created_at < current_date + 1 AND (resolved_at IS NULL OR resolved_at >= current_date + 1) AND (closed_at IS NULL OR closed_at >= current_date + 1)) AS load,
         count(*) FILTER (WHERE resolved_at >= current_date - 89 AND resolved_at < current_date + 1) AS res,
         count(*) FILTER (WHERE resolved_at >= current_date - 89 AND resolved_at < current_date + 1 AND resolved_at <= resolution_due_at) AS ok
    FROM support_tickets GROUP BY organization_id),
n AS (
  SELECT organization_id, 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS nps
    FROM nps_responses WHERE created_at >= current_date - 89 AND created_at < current_date + 1 GROUP BY organization_id),
i AS (SELECT organization_id, count(*) AS overdue FROM invoices WHERE status = 'open' AND due_date < current_date GROUP BY organization_id),
c AS (SELECT organization_id, seats, annual_value_minor AS arr FROM contracts WHERE status IN ('active', 'renewal_pending')),
s AS (
  SELECT o.id, o.path, coalesce(c.arr, 0) AS arr,
         CASE WHEN c.seats > 0 THEN least(1, coalesce(u.active, 0)::float8 / c.seats / 0.8) END AS seat,
         CASE WHEN coalesce(u.p30, 0) = 0 THEN CASE WHEN coalesce(u.l30, 0) > 0 THEN 1.0 ELSE 0.0 END
              ELSE greatest(0, least(1, ((u.l30 - u.p30) * 100.0 / u.p30 + 30) / 40)) END AS trend,
         coalesce(f.used, 0) / 5.0 AS feat,
         0.7 * greatest(0, 1 - coalesce(t.load, 0) / 10.0) + 0.3 * CASE WHEN coalesce(t.res, 0) = 0 THEN 1 ELSE t.ok::float8 / t.res END AS sup,
         CASE WHEN n.nps IS NOT NULL THEN (round(n.nps) + 100) / 200.0 END AS nps,
         greatest(0, 1 - 0.5 * coalesce(i.overdue, 0) - CASE WHEN b.payment_issue_at IS NOT NULL THEN 0.5 ELSE 0 END) AS pay,
         CASE WHEN u.last_day IS NULL THEN 0 ELSE greatest(0, 1 - (current_date - u.last_day) / 14.0) END AS rec,
         (coalesce(ia.sso_enforced, false)::int + coalesce(ia.scim_connected, false)::int) / 2.0 AS idn
    FROM organizations o
    LEFT JOIN c ON c.organization_id = o.id LEFT JOIN u ON u.organization_id = o.id LEFT JOIN f ON f.organization_id = o.id
    LEFT JOIN t ON t.organization_id = o.id LEFT JOIN n ON n.organization_id = o.id LEFT JOIN i ON i.organization_id = o.id
    LEFT JOIN billing_accounts b ON b.organization_id = o.id LEFT JOIN org_identity_adoption ia ON ia.organization_id = o.id
   WHERE o.is_enterprise AND o.deleted_at IS NULL AND o.archived_at IS NULL),
own AS (
  SELECT id, path, arr,
         100 * (20 * coalesce(seat, 0) + 15 * trend + 15 * feat + 10 * sup + 10 * coalesce(nps, 0) + 10 * pay + 10 * rec + 10 * idn)
           / (CASE WHEN seat IS NULL THEN 0 ELSE 20 END + 15 + 15 + 10 + CASE WHEN nps IS NULL THEN 0 ELSE 10 END + 10 + 10 + 10) AS own
    FROM s),
up AS (
  SELECT subpath(o.path, 0, k) AS anc, sum(o.own * o.arr) AS wsum, sum(o.arr) AS arr, avg(o.own) AS mean
    FROM own o CROSS JOIN LATERAL generate_series(1, nlevel(o.path)) k GROUP BY 1)
SELECT o.id, round(coalesce(up.wsum / nullif(up.arr, 0), up.mean)) FROM own o JOIN up ON up.anc = o.path;`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const env = readBenchEnv();
  const database = await createBenchDatabase(env.DATABASE_URL);
  log(`database: ${database.description}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const db = createDb(database.url);
  try {
    const started = Date.now();
    await generate(client);
    const counts = await client.query<{ orgs: string; rollups: string }>(
      "SELECT (SELECT count(*) FROM organizations) AS orgs, (SELECT count(*) FROM usage_daily_rollups) AS rollups",
    );
    log(`generated ${counts.rows[0]!.orgs} organizations, ${counts.rows[0]!.rollups} daily rollups in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const baseline: number[] = [];
    const job: number[] = [];
    const time = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    let scored = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const runBaseline = async () => baseline.push(await time(() => client.query(BASELINE)));
      const runJob = async () => job.push(await time(async () => (scored = await recomputeHealth(db))));
      if (round % 2 === 0) {
        await runBaseline();
        await runJob();
      } else {
        await runJob();
        await runBaseline();
      }
    }
    const mismatches = await client.query<{ n: string }>(`
      SELECT count(*) AS n FROM baseline_scores b
        FULL JOIN (SELECT organization_id, score FROM health_scores WHERE scored_on = current_date) h USING (organization_id)
       WHERE b.score IS DISTINCT FROM h.score`);
    const jobMs = median(job);
    const baseMs = median(baseline);
    const ratio = jobMs / baseMs;
    console.log(`health recompute, ${scored} organizations, ${DAYS} days of usage (median of ${ROUNDS} rounds)`);
    console.log(`  baseline (hand-written SQL)  ${(baseMs / 1000).toFixed(2)} s   runs: ${baseline.map((m) => (m / 1000).toFixed(2)).join(", ")}`);
    console.log(`  health-scores job            ${(jobMs / 1000).toFixed(2)} s   runs: ${job.map((m) => (m / 1000).toFixed(2)).join(", ")}`);
    console.log(`  ratio job / baseline         ${ratio.toFixed(2)}×   (target ≤ 2× and < 60 s)`);
    console.log(`  organizations whose scores differ: ${mismatches.rows[0]!.n}`);
    if (Number(mismatches.rows[0]!.n) > 0 || ratio > 2 || jobMs > 60_000) process.exitCode = 1;
  } finally {
    await client.end();
    await db.$disconnect();
    await database.drop();
  }
}

await main();
