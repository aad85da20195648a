/**
 * `npm run bench:audit -w @atrium/bench`: the audit log against its baselines, in one run on one
 * throwaway database (see bench/README.md, "Audit log"). Each measurement
 * prints the Atrium path, the baseline and their ratio.
 *
 *   BENCH_AUDIT_SECONDS   seconds per append measurement (default 5)
 *   BENCH_AUDIT_ROWS      rows generated for the query and retention benchmarks (default 10,000,000)
 *   BENCH_AUDIT_EXPORT    rows exported (default 1,000,000)
 */
import { performance } from "node:perf_hooks";
import { dropExpiredPartitions, purgeAuditEvents, recordAudit, recordAuditBatch, setRetention } from "@atrium/core/audit";
import { systemActor } from "@atrium/core/actor";
import { seedDemo, DEMO_PASSWORD } from "@atrium/core/seed";
import { createDb } from "@atrium/db";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { createBenchDatabase } from "../database.ts";
import { rssMb } from "../load/sampler.ts";
import { startServers } from "../servers/start-servers.ts";
import { readAuditBenchEnv } from "../env.ts";

const env = readAuditBenchEnv();

const log = (line: string) => console.error(`bench:audit: ${line}`);
const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const actor = systemActor("bench");
const CONCURRENCY = 8;

async function orgs(pool: pg.Pool, n: number, prefix: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO organizations (name, slug, plan) SELECT $1 || ' ' || i, $1 || '-' || i, 'enterprise' FROM generate_series(1, $2) i RETURNING id::text`,
    [prefix, n],
  );
  return rows.map((r) => r.id);
}

const INSERT_ONE = `INSERT INTO audit_events (organization_id, action, status, actor_type, actor_label, resource_type, resource_id, details)
  VALUES ($1::uuid, 'org.update', 'success', 'system', 'bench', 'organization', $1::text, $2)`;

/** Runs `work(i)` from CONCURRENCY workers for `seconds`; returns operations per second. */
async function throughput(seconds: number, work: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        await work(w, i);
        done++;
      }
    }),
  );
  return done / seconds;
}

async function main(url: string) {
  const db = createDb(url, { maxConnections: CONCURRENCY + 2 });
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 });
  pool.on("error", () => {}); // idle connections closed at clean-up
  await seedDemo(db);
  log(`database ${database.description}`);

  // ---------- append ----------
  for (const orgCount of [1, 100]) {
    const ids = await orgs(pool, orgCount, `append${orgCount}`);
    const org = (w: number, i: number) => ids[(w + i * CONCURRENCY) % ids.length]!;
    const entry = (o: string, i: number) => ({ action: "org.update" as const, organizationId: o, resource: { type: "organization", id: o }, details: { i } });
    const half = env.BENCH_AUDIT_SECONDS / 2;
    // Interleaved: raw, service, service, raw.
    const raw1 = await throughput(half, (w, i) => pool.query(INSERT_ONE, [org(w, i), JSON.stringify({ i })]));
    const svc1 = await throughput(half, (w, i) => recordAudit(db, actor, entry(org(w, i), i)));
    const svc2 = await throughput(half, (w, i) => recordAudit(db, actor, entry(org(w, i), i)));
    const raw2 = await throughput(half, (w, i) => pool.query(INSERT_ONE, [org(w, i), JSON.stringify({ i })]));
    const raw = (raw1 + raw2) / 2;
    const svc = (svc1 + svc2) / 2;
    report(`append single, ${orgCount} org${orgCount > 1 ? "s" : ""}, ${CONCURRENCY} writers: service ${fmt(svc)}/s, raw INSERT ${fmt(raw)}/s, ratio ${ratio(svc, raw)} (target ≥ 0.5×)`);

    const BATCH = 500;
    const multiRow = (o: string) => {
      const values: string[] = [];
      const params: unknown[] = [o];
      for (let k = 0; k < BATCH; k++) {
        params.push(JSON.stringify({ k }));
        values.push(`($1::uuid, 'org.update', 'success', 'system', 'bench', 'organization', $1::text, $${k + 2})`);
      }
      return pool.query(`INSERT INTO audit_events (organization_id, action, status, actor_type, actor_label, resource_type, resource_id, details) VALUES ${values.join(",")}`, params);
    };
    const copy = async (o: string) => {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY audit_events (organization_id, action, status, actor_type, actor_label, resource_type, resource_id, details) FROM STDIN`));
        let text = "";
        for (let k = 0; k < BATCH; k++) text += `${o}\torg.update\tsuccess\tsystem\tbench\torganization\t${o}\t{"k": ${k}}\n`;
        await new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve).on("error", reject);
          stream.end(text);
        });
      } finally {
        client.release();
      }
    };
    const batch = (o: string) => recordAuditBatch(db, actor, Array.from({ length: BATCH }, (_, k) => entry(o, k)));
    const m1 = await throughput(half, (w, i) => multiRow(org(w, i)));
    const s1 = await throughput(half, (w, i) => batch(org(w, i)));
    const c1 = await throughput(half, (w, i) => copy(org(w, i)));
    const c2 = await throughput(half, (w, i) => copy(org(w, i)));
    const s2 = await throughput(half, (w, i) => batch(org(w, i)));
    const m2 = await throughput(half, (w, i) => multiRow(org(w, i)));
    const [m, s, c] = [((m1 + m2) / 2) * BATCH, ((s1 + s2) / 2) * BATCH, ((c1 + c2) / 2) * BATCH];
    report(`append batches of 500, ${orgCount} org${orgCount > 1 ? "s" : ""}: service ${fmt(s)} events/s, multi-row INSERT ${fmt(m)}/s (${ratio(s, m)}, target ≥ 0.7×), COPY ${fmt(c)}/s (${ratio(s, c)})`);
  }

  // ---------- query ----------
  const [queryOrg] = await orgs(pool, 1, "query");
  const others = await orgs(pool, 9, "noise");
  log(`generating ${fmt(env.BENCH_AUDIT_ROWS)} events with COPY (hash chain on)`);
  const t0 = performance.now();
  await generate(pool, [queryOrg!, ...others], env.BENCH_AUDIT_ROWS, null);
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await pool.query("ANALYZE audit_events");

  // The API in a process of its own, as in production: the bench's HTTP client does not share its event loop.
  const servers = await startServers(url, 10);
  const base = servers.trpc;
  const owner = (await pool.query<{ id: string }>(`SELECT id::text FROM users WHERE email = 'admin@acme.example'`)).rows[0]!.id;
  await pool.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [queryOrg, owner]);
  const login = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { email: "admin@acme.example", password: DEMO_PASSWORD } }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const filter = { actions: ["member.*"], status: "denied" as const };
  const PAGE = 50;
  const sql = `SELECT id::text AS id, seq, occurred_at, action, status::text, actor_type::text, actor_id, actor_label, impersonator_id::text,
      resource_type, resource_id, ip, user_agent, request_id, details, personal, encode(hash, 'hex') AS hash
    FROM audit_events WHERE organization_id = $1::uuid AND (action LIKE 'member.%') AND status = 'denied'::audit_status AND ($2::bigint IS NULL OR seq < $2)
    ORDER BY seq DESC LIMIT ${PAGE + 1}`;
  const boundary = (await pool.query<{ seq: string }>(`SELECT seq FROM (${sql.replace(`LIMIT ${PAGE + 1}`, `LIMIT ${99 * PAGE}`)}) t ORDER BY seq LIMIT 1`, [queryOrg, null])).rows[0]?.seq;
  if (boundary === undefined) throw new Error("the search filter matches fewer than 100 pages: generate more events");
  for (const [label, before] of [["first page", null], ["100th page", boundary]] as const) {
    const cursor = before ? Buffer.from(`seq:${before}`).toString("base64url") : undefined;
    const input = encodeURIComponent(JSON.stringify({ json: { orgId: queryOrg, ...filter, limit: PAGE, ...(cursor ? { cursor } : {}) } }));
    const viaApi = async () => {
      const r = await fetch(`${base}/trpc/audit.events.search?input=${input}`, { headers: { cookie, origin: base } });
      if (r.status !== 200) throw new Error(`API answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    };
    const viaSql = () => pool.query(sql, [queryOrg, before]);
    const apiTimes: number[] = [];
    const sqlTimes: number[] = [];
    for (let i = 0; i < 30; i++) await Promise.all([viaApi(), viaSql()]); // warm-up
    for (let round = 0; round < 4; round++) {
      for (const [fn, out] of round % 2 ? ([[viaApi, apiTimes], [viaSql, sqlTimes]] as const) : ([[viaSql, sqlTimes], [viaApi, apiTimes]] as const)) {
        for (let i = 0; i < 100; i++) {
          const t = performance.now();
          await fn();
          out.push(performance.now() - t);
        }
      }
    }
    const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
    report(
      `search ${label} (actions member.*, denied, ${fmt(env.BENCH_AUDIT_ROWS)} events): API p50 ${p(apiTimes, 0.5).toFixed(1)} ms p99 ${p(apiTimes, 0.99).toFixed(1)} ms; ` +
        `SQL p50 ${p(sqlTimes, 0.5).toFixed(1)} ms p99 ${p(sqlTimes, 0.99).toFixed(1)} ms; p99 difference ${(p(apiTimes, 0.99) - p(sqlTimes, 0.99)).toFixed(1)} ms (target ≤ 10 ms, API p99 < 100 ms)`,
    );
  }

  // ---------- export ----------
  const exportOrg = queryOrg!;
  const exportRows = Math.min(env.BENCH_AUDIT_EXPORT, env.BENCH_AUDIT_ROWS / 10);
  const exportTo = (await pool.query<{ t: Date }>(`SELECT occurred_at AS t FROM audit_events WHERE organization_id = $1 ORDER BY seq OFFSET $2 LIMIT 1`, [exportOrg, exportRows])).rows[0]?.t;
  const range = exportTo ? `&to=${exportTo.toISOString()}` : "";
  const baseline = `COPY (${sql.replace("AND (action LIKE 'member.%') AND status = 'denied'::audit_status AND ($2::bigint IS NULL OR seq < $2)", exportTo ? `AND occurred_at < '${exportTo.toISOString()}'` : "").replace(/ORDER BY seq DESC LIMIT \d+/, "ORDER BY seq").replace("$1::uuid", `'${exportOrg}'::uuid`)}) TO STDOUT WITH (FORMAT csv, HEADER)`;
  const viaApi = async () => {
    const start = performance.now();
    const response = await fetch(`${base}/api/orgs/${exportOrg}/audit/export?format=csv${range}`, { headers: { cookie, origin: base } });
    if (response.status !== 200) throw new Error(`API answered ${response.status}: ${await response.text()}`);
    let bytes = 0;
    const reader = response.body!.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
    return { seconds: (performance.now() - start) / 1000, bytes };
  };
  const viaCopy = async () => {
    const client = await pool.connect();
    try {
      const start = performance.now();
      let bytes = 0;
      for await (const chunk of client.query(copyTo(baseline))) bytes += (chunk as Buffer).length;
      return { seconds: (performance.now() - start) / 1000, bytes };
    } finally {
      client.release();
    }
  };
  // Interleaved: COPY, API, API, COPY; the API process's RSS sampled while it exports.
  const copy1 = await viaCopy();
  const rss: number[] = [];
  const startRss = (await rssMb(servers.pid)) ?? 0;
  const sampler = setInterval(() => void rssMb(servers.pid).then((mb) => mb !== null && rss.push(mb)), 50);
  const api1 = await viaApi();
  const api2 = await viaApi();
  clearInterval(sampler);
  const copy2 = await viaCopy();
  const apiSeconds = api1.seconds + api2.seconds;
  const copySeconds = copy1.seconds + copy2.seconds;
  const peak = Math.max(...rss, startRss);
  report(
    `export ${fmt(exportRows)} rows CSV: API ${api1.seconds.toFixed(1)} s / ${api2.seconds.toFixed(1)} s (${fmt(api1.bytes / 1e6)} MB), ` +
      `COPY TO STDOUT ${copy1.seconds.toFixed(1)} s / ${copy2.seconds.toFixed(1)} s (${fmt(copy1.bytes / 1e6)} MB), ` +
      `ratio ${ratio(copySeconds, apiSeconds)} (target ≥ 0.5×); RSS of the API process: start ${fmt(startRss)} MB, peak ${fmt(peak)} MB`,
  );
  await servers.stop();

  // ---------- retention ----------
  // Three expired months: one purged row by row (DELETE in batches), two dropped whole, one ten
  // times the size of the other (the drop must not grow with the rows). Each organization keeps
  // its events (3650 days) until its turn; a first drop clears the empty past months.
  const n = Math.max(10_000, Math.floor(env.BENCH_AUDIT_ROWS / 10));
  const now = new Date();
  const month = (ago: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ago, 10));
  const [deleteOrg, bigOrg, smallOrg] = await orgs(pool, 3, "retention");
  log(`generating ${fmt(n)} expired events in each of two old months, ${fmt(n / 10)} in a third`);
  await generate(pool, [deleteOrg!], n, month(20));
  await generate(pool, [bigOrg!], n, month(19));
  await generate(pool, [smallOrg!], Math.floor(n / 10), month(18));
  // After the events: a policy change is itself an event, and only the chain before it may be purged.
  for (const o of [deleteOrg!, bigOrg!, smallOrg!]) await setRetention(db, actor, o, "audit_events", 3650);
  await pool.query("ANALYZE audit_events");
  await dropExpiredPartitions(db);
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await work();
    return [result, (performance.now() - start) / 1000];
  };
  await setRetention(db, actor, deleteOrg!, "audit_events", 30);
  const [deleted, deleteSeconds] = await timed(() => purgeAuditEvents(db, deleteOrg!));
  await setRetention(db, actor, smallOrg!, "audit_events", 30);
  const [small, smallSeconds] = await timed(() => dropExpiredPartitions(db));
  await setRetention(db, actor, bigOrg!, "audit_events", 30);
  const [big, bigSeconds] = await timed(() => dropExpiredPartitions(db));
  const events = (r: typeof big) => r.dropped.reduce((sum, d) => sum + d.events, 0);
  report(
    `retention: DELETE in batches of ${fmt(deleted.deleted)} expired events ${deleteSeconds.toFixed(2)} s; ` +
      `partition drop of ${fmt(events(big))} events ${bigSeconds.toFixed(2)} s (${big.dropped.length} partition), ` +
      `of ${fmt(events(small))} events ${smallSeconds.toFixed(2)} s (${small.dropped.length} partitions, one emptied by the DELETE); ` +
      `drop of the big month ${ratio(deleteSeconds, bigSeconds)} faster than DELETE, ${ratio(bigSeconds, smallSeconds)} the time of the 10× smaller drop`,
  );

  console.log("\n" + lines.join("\n"));
  await pool.end();
  await db.$disconnect();
}

/**
 * COPYs `count` events spread over `orgIds`, at `at` (a fixed month) or over the last 300 days. Each
 * organization gets every action in turn and 10 % of its events denied (5 in a row out of every 50), so
 * the search's filter (member.*, denied) matches 4 % of an organization's events.
 */
async function generate(pool: pg.Pool, orgIds: string[], count: number, at: Date | null) {
  const client = await pool.connect();
  try {
    if (at) await client.query(`SELECT audit_events_ensure_partitions($1::date, $1::date)`, [at]);
    const stream = client.query(copyFrom(`COPY audit_events (organization_id, occurred_at, action, status, actor_type, actor_id, actor_label, resource_type, resource_id, ip, details) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => stream.on("finish", resolve).on("error", reject));
    const actions = ["org.update", "member.invite", "member.update", "role.update", "auth.login"];
    const start = at ? at.getTime() : Date.now() - 300 * 86_400_000;
    const span = at ? 10 * 86_400_000 : 300 * 86_400_000;
    let chunk = "";
    for (let i = 0; i < count; i++) {
      const org = orgIds[i % orgIds.length]!;
      const k = Math.floor(i / orgIds.length); // the event's rank within its organization
      const when = new Date(start + Math.floor((i / count) * span)).toISOString();
      const action = actions[k % actions.length]!;
      const status = Math.floor(k / actions.length) % 10 === 0 ? "denied" : "success";
      chunk += `${org}\t${when}\t${action}\t${status}\tuser\tu${i % 500}\tuser${i % 500}@example.com\torganization\t${org}\t10.0.${i % 250}.1\t{"i": ${i}}\n`;
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once("drain", resolve));
        chunk = "";
      }
    }
    stream.end(chunk);
    await done;
  } finally {
    client.release();
  }
}

const database = await createBenchDatabase(env.DATABASE_URL);
const cleanup = () => database.drop();
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
try {
  await main(database.url);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
