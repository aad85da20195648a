/**
 * Fault 2: `kill -9` of the worker in the middle of a job, for every queue.
 * The worker talks to PostgreSQL through the latency proxy so that each job
 * takes a while; the run queues one job per queue, waits until every job's
 * handler is running (the job's advisory lock is held, see
 * apps/worker/src/orphans.ts) and the first e-mail of the outbox job has been
 * written, then SIGKILLs the worker and starts a new one. Every job must then
 * complete, and its effects must have happened exactly once. Queues whose job
 * had already finished before the kill go round again with a slower database.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { queues } from "@atrium/worker/queues";
import pg from "pg";
import PgBoss from "pg-boss";
import type { FaultEnvironment } from "../environment.ts";
import { startWorkerProcess, type AppProcess } from "../processes.ts";
import type { ScenarioLog } from "../report.ts";
import { waitFor } from "../wait.ts";

const JOB_LOCK_NAMESPACE = 0x41545257;
const MAIL_COUNT = 4;

interface JobRow {
  id: string;
  name: string;
  state: string;
  locked: boolean;
}

export async function workerKill(env: FaultEnvironment, log: ScenarioLog) {
  const names = queues({ mail: { describe: "none", send: async () => {} }, mailFrom: "x <x@example.com>" }).map((q) => q.name);
  log.step(`queues (apps/worker/src/queues.ts): ${names.join(", ")}`);
  const boss = new PgBoss({ connectionString: env.databaseUrl, schema: "pgboss", supervise: false, schedule: false, max: 2 });
  await boss.start();
  // Only the jobs this run queues: no cron schedules firing in between (scenario 3 registers them again).
  for (const name of names) await boss.unschedule(name).catch(() => {});
  const startedAt = new Date();
  const mailDir = join(env.dataDir, "mail");
  const mails: string[] = [];
  let worker: AppProcess | undefined;
  const killedMidJob = new Map<string, string>();
  const jobIds = new Map<string, string[]>();
  try {
    worker = await startWorkerProcess("kill-worker-1", env.proxiedUrl, env.logDir, { dataDir: env.dataDir, schedules: false });
    let pending = names.slice();
    for (let round = 1; round <= 3 && pending.length; round++) {
      const delayMs = 60 * round;
      await waitFor("the queues to be idle", async () => (await idleQueues(env, pending)) === pending.length, { timeoutMs: 120_000, intervalMs: 250 });
      env.proxy.setDelay(delayMs);
      const sent = new Map<string, string>();
      for (const name of pending) {
        const id = name === "email-outbox" ? await sendWithMail(env, boss, round, mails) : await boss.send(name, {});
        if (!id) throw new Error(`${name}: pg-boss did not accept a job`);
        sent.set(name, id);
        jobIds.set(name, [...(jobIds.get(name) ?? []), id]);
      }
      log.step(`round ${round}: database ${delayMs} ms slower each way; queued one job on each of ${pending.length} queues`);
      await waitFor("every job running or done, and an e-mail written", async () => {
        const rows = await jobStates(env, [...sent.values()]);
        const busy = rows.every((r) => r.state === "completed" || r.state === "failed" || (r.state === "active" && r.locked));
        const written = (await mailFiles(mailDir)).filter((f) => mails.some((id) => f.endsWith(`-${id}.json`)));
        const mailed = !sent.has("email-outbox") || written.length > 0 || rows.find((r) => r.name === "email-outbox")?.state === "completed";
        return busy && mailed;
      }, { timeoutMs: 180_000, intervalMs: 20 });
      // Each handler is running. Kill at once when the e-mail job just wrote an e-mail (its
      // transaction needs two more round trips to commit); otherwise after one more round trip,
      // so that each handler is past its first statement.
      if (!sent.has("email-outbox")) await sleep(2 * delayMs);
      else {
        // Catch the e-mail job right after it writes its next e-mail, before the row is marked sent.
        const ours = async () => (await mailFiles(mailDir)).filter((f) => mails.some((id) => f.endsWith(`-${id}.json`))).length;
        const before = await ours();
        if (before < mails.length) await waitFor("the next e-mail", async () => (await ours()) > before, { timeoutMs: 30_000, intervalMs: 5 }).catch(() => {});
      }
      await worker!.kill();
      const atKill = await jobStates(env, [...sent.values()]);
      if (sent.has("email-outbox")) {
        // E-mails written whose outbox row was not yet marked sent: the retry must not send them again.
        const written = (await mailFiles(mailDir)).filter((f) => mails.some((id) => f.endsWith(`-${id}.json`)));
        const unmarked = await env.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM email_outbox WHERE id = ANY(${mails}::uuid[]) AND status = 'pending'`;
        const inFlight = unmarked.filter((r) => written.some((f) => f.endsWith(`-${r.id}.json`))).length;
        if (inFlight) log.step(`round ${round}: at the kill, ${inFlight} e-mail(s) had been written but their outbox row was not yet marked sent`);
      }
      const active = atKill.filter((r) => r.state === "active").map((r) => r.name);
      for (const name of active) killedMidJob.set(name, sent.get(name)!);
      log.step(`round ${round}: SIGKILL worker pid ${worker!.pid} with ${active.length} jobs active (${active.join(", ") || "none"})`);
      env.proxy.setDelay(0);
      worker = await startWorkerProcess(`kill-worker-${round + 1}`, env.proxiedUrl, env.logDir, { dataDir: env.dataDir, schedules: false });
      log.step(`round ${round}: started a new worker (pid ${worker.pid})`);
      const done = await waitFor("every job of the round to complete", async () => {
        const rows = await jobStates(env, [...sent.values()]);
        return rows.every((r) => r.state === "completed" || r.state === "failed") ? rows : false;
      }, { timeoutMs: 240_000, intervalMs: 500 }).catch(() => jobStates(env, [...sent.values()]));
      const notCompleted = done.filter((r) => r.state !== "completed");
      log.check(`round ${round}: every job completes after the kill`, notCompleted.length === 0,
        notCompleted.map((r) => `${r.name} ${r.state}`).join(", ") || `${done.length} jobs completed`);
      pending = pending.filter((name) => !killedMidJob.has(name));
    }
    log.check("every queue had a job killed while it ran", names.every((n) => killedMidJob.has(n)),
      names.filter((n) => !killedMidJob.has(n)).map((n) => `${n}: finished before the kill in every round`).join(", ") || `${names.length} queues`);

    await checkEffects(env, log, mailDir, mails, startedAt, jobIds);
  } finally {
    env.proxy.setDelay(0);
    await worker?.stop();
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
  }
}

/**
 * Outbox rows for the e-mail job to send, inserted in the transaction that queues the job: the
 * insert's wake-up notification then finds this job waiting (the queue is `stately`) and does not
 * queue another that would send the rows first.
 */
async function sendWithMail(env: FaultEnvironment, boss: PgBoss, round: number, mails: string[]): Promise<string | null> {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO email_outbox (to_address, subject, text_body, template)
       SELECT 'kill-' || $1::int || '-' || g || '@example.com', 'Fault test ' || g, 'Sent once.', 'fault-test' FROM generate_series(1, $2::int) g
       RETURNING id::text`,
      [round, MAIL_COUNT],
    );
    const id = await boss.send("email-outbox", {}, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
    await client.query("COMMIT");
    mails.push(...rows.map((r) => r.id));
    return id;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function idleQueues(env: FaultEnvironment, names: string[]): Promise<number> {
  const rows = await env.db.$queryRaw<{ name: string }[]>`
    SELECT q.name FROM unnest(${names}::text[]) AS q(name)
     WHERE NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = q.name AND j.state IN ('created', 'retry', 'active'))`;
  return rows.length;
}

async function jobStates(env: FaultEnvironment, ids: string[]): Promise<JobRow[]> {
  return env.db.$queryRaw<JobRow[]>`
    SELECT j.id::text, j.name, j.state::text,
           EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${JOB_LOCK_NAMESPACE}::int::oid
                      AND l.objid = hashtext(j.id::text)::oid AND l.objsubid = 2) AS locked
      FROM pgboss.job j WHERE j.id = ANY(${ids}::uuid[])`;
}

async function mailFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".json"));
}

async function checkEffects(env: FaultEnvironment, log: ScenarioLog, mailDir: string, mails: string[], since: Date, jobIds: Map<string, string[]>) {
  const files = await mailFiles(mailDir);
  const copies = mails.map((id) => files.filter((f) => f.endsWith(`-${id}.json`)).length);
  const [outbox] = await env.db.$queryRaw<{ sent: bigint }[]>`SELECT count(*) AS sent FROM email_outbox WHERE id = ANY(${mails}::uuid[]) AND status = 'sent'`;
  log.check("email-outbox: every outbox row sent, exactly one e-mail each", Number(outbox!.sent) === mails.length && copies.every((n) => n === 1),
    `${mails.length} rows, ${outbox!.sent} sent, e-mails per row: ${copies.join(" ")}`);

  const healthJobs = jobIds.get("health-scores") ?? [];
  const [health] = await env.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM audit_events WHERE action = 'health.recompute' AND occurred_at >= ${since}`;
  log.check("health-scores: one recompute (and its audit event) per job", Number(health!.n) === healthJobs.length, `${healthJobs.length} jobs, ${health!.n} recomputes`);

  const [dupes] = await env.db.$queryRaw<{ invoices: bigint; qbrs: bigint; purges: bigint; rollups: bigint }[]>`
    SELECT (SELECT count(*) FROM (SELECT 1 FROM invoices WHERE contract_id IS NOT NULL GROUP BY contract_id, period_start HAVING count(*) > 1) d) AS invoices,
           (SELECT count(*) FROM (SELECT 1 FROM qbrs GROUP BY organization_id, quarter HAVING count(*) > 1) d) AS qbrs,
           (SELECT count(*) FROM (SELECT 1 FROM audit_purges GROUP BY organization_id, to_seq HAVING count(*) > 1) d) AS purges,
           (SELECT count(*) FROM (SELECT 1 FROM usage_daily_rollups GROUP BY organization_id, day, metric HAVING count(*) > 1) d) AS rollups`;
  const [counts] = await env.db.$queryRaw<{ invoices: bigint; qbrs: bigint }[]>`SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM qbrs) AS qbrs`;
  log.check("billing-invoices, qbr-generate, audit-retention, usage-rollup: no period produced twice",
    dupes!.invoices === 0n && dupes!.qbrs === 0n && dupes!.purges === 0n && dupes!.rollups === 0n,
    `duplicates: invoices ${dupes!.invoices}, QBRs ${dupes!.qbrs}, purge records ${dupes!.purges}, usage rollups ${dupes!.rollups} (${counts!.invoices} invoices, ${counts!.qbrs} QBRs in all)`);
  const chains = await env.verifyChains();
  log.check("every audit chain verifies", chains.ok, `${chains.checked} events${chains.broken.length ? `; broken: ${chains.broken.join("; ")}` : ""}`);
}
