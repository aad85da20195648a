/**
 * `npm run bench:analytics -w @atrium/bench` (also the last step of `npm run bench`): usage
 * analytics over one organization tree (a root and three children) with BENCH_ANALYTICS_EVENTS
 * usage events (default 10,000,000) over the 365 days before today, generated set-based with
 * INSERT … SELECT … FROM generate_series in chunks of a million, two at a time, into the table
 * stripped of its indexes, keys and triggers (rebuilt after; 12 operations, 3 metrics, ok/error/no status,
 * durations on a long tail, 5,000 resources), plus billing's daily rollups and a monthly contract
 * (so cost prices a year of periods through billing's code; no invoices, the slow path).
 *
 * 1. Rollup job throughput: rounds alternate a baseline — one hand-written statement of
 *    `INSERT … SELECT … GROUP BY` over all events producing the same rows (counts, sums, sparse
 *    sketches, each day's top resources, the coarse levels merged from the daily rows) into
 *    temporary tables — and the product's rollupUsageAnalytics over every (organization, day)
 *    marked (batches of 200 days, each day's events read by index, old rows deleted, coarse levels
 *    rewritten, marks taken and cleared); events per second each, median of the rounds; the two
 *    outputs are compared row by row. Target: job ≥ 0.5× baseline.
 * 2. The page's queries (core: usageSummary, usageByOperation, usageCostByOperation,
 *    usageQuality, topResources) for the root with its subtree, over the last 30 days with the
 *    previous period and over the last 365 days, each timed against a hand-written SQL query over
 *    the rollups giving the same figures, alternating. Targets: p99 < 200 ms and ≤ 2× the
 *    baseline's p99.
 */
import { rollupUsageAnalytics, topResources, usageByOperation, usageCostByOperation, usageQuality, usageSummary } from "@atrium/core/analytics";
import { createDb } from "@atrium/db";
import pg from "pg";
import { createBenchDatabase } from "./database.ts";
import { readAnalyticsBenchEnv } from "./env.ts";
import { BASELINES } from "./usage-analytics-sql.ts";

const settings = readAnalyticsBenchEnv();
/** The coarse levels the job writes besides the daily rows (usage_analytics_<name>), each compared with the baseline's. */
const COARSE_LEVELS = [
  { name: "operations_daily", key: "organization_id, day, operation", metrics: true },
  { name: "operations_monthly", key: "organization_id, month, operation", metrics: true },
  { name: "quality_daily", key: "organization_id, day", metrics: false },
] as const;
const EVENTS = settings.BENCH_ANALYTICS_EVENTS;
const ITERATIONS = settings.BENCH_ANALYTICS_ITERATIONS;
const CHUNK = 1_000_000;
const ROUNDS = settings.BENCH_ANALYTICS_ROUNDS;
const log = (line: string) => console.error(`bench:analytics: ${line}`);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Takes `usage_events` down to its bare columns for the bulk load: its indexes and its unique, primary
 * and foreign keys are dropped (and its triggers disabled: the day marks they write are made before
 * each job run anyway), so each row costs an append instead of four B-tree insertions, a foreign key
 * lookup and a transition-table row. The returned function rebuilds every index and constraint from
 * its own catalog definition (same names, same definitions; the foreign key validated in one scan)
 * and enables the triggers again.
 */
async function bareForLoading(client: pg.Client): Promise<() => Promise<void>> {
  const constraints = (await client.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = 'usage_events'::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC, conname`,
  )).rows;
  const indexes = (await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'usage_events'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1`,
  )).rows;
  for (const c of constraints) await client.query(`ALTER TABLE usage_events DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
  await client.query("ALTER TABLE usage_events DISABLE TRIGGER USER");
  return async () => {
    await client.query("SET maintenance_work_mem = '512MB'");
    for (const i of indexes) await client.query(i.definition);
    for (const c of [...constraints].reverse()) await client.query(`ALTER TABLE usage_events ADD CONSTRAINT ${c.name} ${c.definition}`);
    await client.query("ALTER TABLE usage_events ENABLE TRIGGER USER");
    await client.query("RESET maintenance_work_mem");
  };
}

async function generate(client: pg.Client, url: string): Promise<string[]> {
  await client.query("SET synchronous_commit = off");
  const root = (await client.query<{ id: string }>(`INSERT INTO organizations (name, slug, plan, is_enterprise) VALUES ('Bench Analytics', 'bench-analytics', 'enterprise', true) RETURNING id`)).rows[0]!.id;
  const children = await client.query<{ id: string }>(
    `INSERT INTO organizations (name, slug, plan, parent_id) SELECT 'Unit ' || c, 'bench-analytics-' || c, 'enterprise', $1 FROM generate_series(1, 3) c RETURNING id`,
    [root],
  );
  const orgs = [root, ...children.rows.map((r) => r.id)];
  await client.query(`INSERT INTO billing_accounts (organization_id, bill_to_parent) SELECT unnest($1::uuid[]), true`, [orgs.slice(1)]);
  await client.query(
    `INSERT INTO contracts (organization_id, issuer_id, name, currency, annual_value_minor, seats, start_date, end_date, renewal_date, billing_cycle, usage_prices)
     VALUES ($1, 'atrium-us', 'Bench', 'usd', 12000000, 50, date_trunc('month', current_date - 400)::date, current_date + 200, current_date + 200, 'monthly',
             '{"api_calls": {"unitAmountMinor": 40, "unitSize": 1000}, "operations": {"unitAmountMinor": 3, "unitSize": 1}, "storage_bytes": {"unitAmountMinor": 1, "unitSize": 1073741824}}')`,
    [root],
  );
  const seconds = 365 * 86_400;
  const restore = await bareForLoading(client);
  // Chunks of a million, two statements at a time (one on each connection; the second is only for the load).
  const second = new pg.Client({ connectionString: url });
  await second.connect();
  await second.query("SET synchronous_commit = off");
  let next = 0;
  let loaded = 0;
  const load = async (loader: pg.Client) => {
    for (let start = next; start < EVENTS; start = next) {
      next += CHUNK;
      await insertChunk(loader, start, Math.min(EVENTS, start + CHUNK));
      loaded += Math.min(EVENTS, start + CHUNK) - start;
      log(`  ${loaded.toLocaleString("en-US")} events`);
    }
  };
  await Promise.all([load(client), load(second)]).finally(() => second.end());
  await restore();
  await client.query(`
    INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
    SELECT organization_id, metric, (occurred_at AT TIME ZONE 'UTC')::date,
           CASE WHEN metric = 'storage_bytes' THEN max(quantity) ELSE sum(quantity) END, count(*)
      FROM usage_events GROUP BY 1, 2, 3`);
  await client.query("ANALYZE");
  return orgs;

  async function insertChunk(loader: pg.Client, start: number, end: number) {
    await loader.query(
      `INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, operation, status, duration_ms, resource_id)
       SELECT ($1::uuid[])[1 + (h & 3)],
              (ARRAY['api_calls', 'api_calls', 'operations', 'storage_bytes']::usage_metric[])[1 + ((h >> 2) & 3)],
              1 + ((h >> 4) & 63), 'b' || i,
              current_date - interval '365 days' + (i::float8 * ${seconds} / ${EVENTS}) * interval '1 second',
              (ARRAY['export.pdf', 'export.csv', 'search', 'search.suggest', 'import.csv', 'sync/push', 'sync/pull', 'report:daily', 'share.link', 'comment.add', 'upload', 'render'])[1 + ((h >> 10) & 1023) % 12],
              CASE WHEN (h >> 20) & 31 = 0 THEN 'error' WHEN (h >> 20) & 31 < 4 THEN NULL ELSE 'ok' END,
              CASE WHEN (h >> 25) & 7 = 0 THEN NULL ELSE (exp(((h >> 12) & 255) / 28.0))::int END,
              CASE WHEN (h >> 28) & 1 = 0 THEN NULL ELSE 'res-' || ((h >> 3) & 8191) % 5000 END
         FROM (SELECT i, hashint4(i) & 2147483647 AS h FROM generate_series($2::int, $3::int) AS i) g`,
      [orgs, start + 1, end],
    );
  }
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const median = (xs: number[]) => percentile(xs, 0.5);
async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function main() {
  const database = await createBenchDatabase(settings.DATABASE_URL);
  log(`database: ${database.description}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const db = createDb(database.url);
  let failed = false;
  try {
    const started = Date.now();
    const orgs = await generate(client, database.url);
    const generationSeconds = (Date.now() - started) / 1000;
    log(`generated ${EVENTS.toLocaleString("en-US")} events in ${generationSeconds.toFixed(0)} s`);

    // 1. Rollup job against INSERT … SELECT … GROUP BY.
    const job: number[] = [];
    const baseline: number[] = [];
    await client.query(`CREATE TEMP TABLE baseline_rollup (LIKE usage_analytics_daily)`);
    await client.query(`CREATE TEMP TABLE baseline_resources (LIKE usage_analytics_resources_daily)`);
    for (const level of COARSE_LEVELS) await client.query(`CREATE TEMP TABLE baseline_${level.name} (LIKE usage_analytics_${level.name})`);
    await client.query("SET work_mem = '64MB'");
    const runBaseline = async () => {
      await client.query(`TRUNCATE baseline_rollup, baseline_resources, ${COARSE_LEVELS.map((l) => `baseline_${l.name}`).join(", ")}`);
      baseline.push(await time(() => client.query(BASELINES.rollup)));
    };
    const runJob = async () => {
      await client.query(`INSERT INTO usage_analytics_dirty (organization_id, day) SELECT DISTINCT organization_id, (occurred_at AT TIME ZONE 'UTC')::date FROM usage_events ON CONFLICT DO NOTHING`);
      job.push(await time(() => rollupUsageAnalytics(db)));
    };
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) await runBaseline().then(runJob);
      else await runJob().then(runBaseline);
    }
    const mismatched = Number((await client.query<{ n: string }>(`
      SELECT count(*) AS n FROM baseline_rollup b FULL JOIN usage_analytics_daily d USING (organization_id, day, metric, operation, status)
       WHERE (b.events, b.quantity, b.quantity_max, b.duration_count, b.duration_sum) IS DISTINCT FROM (d.events, d.quantity, d.quantity_max, d.duration_count, d.duration_sum)
          OR (SELECT array_agg(x ORDER BY x) FROM unnest(b.latency_buckets, b.latency_counts) AS x) IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(d.latency_buckets, d.latency_counts) AS x)`)).rows[0]!.n
      + Number((await client.query<{ n: string }>(`
      SELECT count(*) AS n FROM baseline_resources b FULL JOIN usage_analytics_resources_daily d USING (organization_id, day, resource_id, operation)
       WHERE (b.events, b.errors) IS DISTINCT FROM (d.events, d.errors)`)).rows[0]!.n));
    let coarseMismatched = 0;
    for (const level of COARSE_LEVELS) {
      const sorted = (t: string, columns: string) => `(SELECT array_agg(x::text ORDER BY x::text) FROM unnest(${columns.split(", ").map((c) => `${t}.${c}`).join(", ")}) AS x)`;
      coarseMismatched += Number((await client.query<{ n: string }>(`
        SELECT count(*) AS n FROM baseline_${level.name} b FULL JOIN usage_analytics_${level.name} d USING (${level.key})
         WHERE (b.events, b.errors, b.rated, b.duration_count, b.duration_sum) IS DISTINCT FROM (d.events, d.errors, d.rated, d.duration_count, d.duration_sum)
            OR ${sorted("b", "latency_buckets, latency_counts")} IS DISTINCT FROM ${sorted("d", "latency_buckets, latency_counts")}
            ${level.metrics ? `OR ${sorted("b", "metrics, metric_quantities, metric_peaks")} IS DISTINCT FROM ${sorted("d", "metrics, metric_quantities, metric_peaks")}` : ""}`)).rows[0]!.n);
    }
    const rows = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM usage_analytics_daily")).rows[0]!.n);
    const coarseRows = Number((await client.query<{ n: string }>(
      `SELECT ${COARSE_LEVELS.map((l) => `(SELECT count(*) FROM usage_analytics_${l.name})`).join(" + ")} AS n`,
    )).rows[0]!.n);
    const jobRate = EVENTS / (median(job) / 1000);
    const baseRate = EVENTS / (median(baseline) / 1000);
    console.log(`usage analytics, ${EVENTS.toLocaleString("en-US")} events over 365 days, 4 organizations (generated in ${generationSeconds.toFixed(0)} s); ${rows.toLocaleString("en-US")} rollup rows, ${coarseRows.toLocaleString("en-US")} in the coarse levels`);
    console.log(`  rollup baseline (INSERT … SELECT … GROUP BY)  ${(median(baseline) / 1000).toFixed(1)} s  ${Math.round(baseRate).toLocaleString("en-US")} events/s   runs: ${baseline.map((m) => (m / 1000).toFixed(1)).join(", ")}`);
    console.log(`  rollup job (sketches, top resources)         ${(median(job) / 1000).toFixed(1)} s  ${Math.round(jobRate).toLocaleString("en-US")} events/s   runs: ${job.map((m) => (m / 1000).toFixed(1)).join(", ")}`);
    const rollupMet = jobRate >= 0.5 * baseRate && mismatched === 0 && coarseMismatched === 0;
    console.log(`  job / baseline throughput ${(jobRate / baseRate).toFixed(2)}× (target ≥ 0.5×), rows differing from the baseline: ${mismatched}, coarse: ${coarseMismatched}  ${rollupMet ? "met" : "MISSED"}`);
    failed ||= !rollupMet;

    // 2. The page's queries against hand-written SQL over the rollups.
    const ranges = [
      { name: "30 days + previous", from: day(-30), to: day(-1), compare: true },
      { name: "365 days", from: day(-365), to: day(-1), compare: false },
    ];
    const procedures = {
      summary: usageSummary,
      operations: usageByOperation,
      cost: usageCostByOperation,
      quality: usageQuality,
      topResources,
    } as const;
    console.log(`  query                               p50 ms  p99 ms  SQL p99 ms  ratio  (${ITERATIONS} calls each, root with its subtree)`);
    for (const range of ranges) {
      const query = { organizationId: orgs[0]!, from: range.from, to: range.to, subtree: true, compare: range.compare };
      const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
      const previousFrom = new Date(Date.parse(range.from) - days * 86_400_000).toISOString().slice(0, 10);
      const params = [orgs, range.compare ? previousFrom : range.from, range.to, range.from];
      for (const [name, run] of Object.entries(procedures)) {
        const product: number[] = [];
        const sql: number[] = [];
        for (let i = 0; i < 5; i++) await run(db, query).then(() => client.query(BASELINES[name as keyof typeof procedures], params));
        for (let i = 0; i < ITERATIONS; i++) {
          const p = () => time(() => run(db, query)).then((ms) => product.push(ms));
          const s = () => time(() => client.query(BASELINES[name as keyof typeof procedures], params)).then((ms) => sql.push(ms));
          if (i % 2 === 0) await p().then(s);
          else await s().then(p);
        }
        const p99 = percentile(product, 0.99);
        const ratio = p99 / percentile(sql, 0.99);
        const met = p99 < 200 && ratio <= 2;
        failed ||= !met;
        console.log(`  ${`${name}, ${range.name}`.padEnd(36)}${percentile(product, 0.5).toFixed(1).padStart(6)}  ${p99.toFixed(1).padStart(6)}  ${percentile(sql, 0.99).toFixed(1).padStart(10)}  ${ratio.toFixed(2).padStart(5)}×  ${met ? "met" : "MISSED"}`);
      }
    }
    if (failed) process.exitCode = 1;
  } finally {
    await client.end();
    await db.$disconnect();
    await database.drop();
  }
}

await main();
