/**
 * Fault 4: a slow database. The API talks to PostgreSQL through the latency
 * proxy. Three kinds of slowness, each followed by a check that the API is
 * back to normal on its own:
 *  - latency: every packet held 100 ms each way, under 30 concurrent requests;
 *  - lock contention: a session holds an ACCESS EXCLUSIVE lock on memberships,
 *    so that requests block until the statement timeout (15 s) cancels them;
 *  - a database that stops answering (packets held 45 s): only the client-side
 *    query timeout can end those requests.
 * Throughout, /healthz must answer at once, and no request may hang forever.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import pg from "pg";
import type { FaultEnvironment } from "../environment.ts";
import { PORTS } from "../environment.ts";
import { getStatus, TrpcClient, type Answer } from "../http.ts";
import { startApi } from "../processes.ts";
import type { ScenarioLog } from "../report.ts";
import { waitFor } from "../wait.ts";

/** Longest a request may take before it counts as hanging: above the API's timeouts (statement 15 s, query 20 s, pool 10 s). */
const HANG_MS = 40_000;

interface Timed {
  answer: Answer;
  ms: number;
}

async function timed(call: () => Promise<Answer>): Promise<Timed> {
  const started = Date.now();
  const answer = await call();
  return { answer, ms: Date.now() - started };
}

function describe(results: Timed[]): string {
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.answer.status, (statuses.get(r.answer.status) ?? 0) + 1);
  const slowest = Math.max(...results.map((r) => r.ms));
  return `${[...statuses].map(([s, n]) => `${n}× ${s === 0 ? "no answer" : s}`).join(", ")}; slowest ${(slowest / 1000).toFixed(1)} s`;
}

/** /healthz answered within 1 s, sampled while `during` runs. */
async function healthWhile<T>(apiUrl: string, during: Promise<T>): Promise<{ result: T; samples: number; slow: number }> {
  let done = false;
  let samples = 0;
  let slow = 0;
  const sampler = (async () => {
    while (!done) {
      const started = Date.now();
      const status = await getStatus(`${apiUrl}/healthz`, 5000);
      samples++;
      if (status !== 200 || Date.now() - started > 1000) slow++;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const result = await during;
  done = true;
  await sampler;
  return { result, samples, slow };
}

export async function slowDatabase(env: FaultEnvironment, log: ScenarioLog) {
  const orgId = env.demo.organizations["acme"]!;
  env.proxy.setDelay(0);
  const api = await startApi("slow-api", env.proxiedUrl, PORTS.api[0], env.logDir);
  log.step(`started the API (${api.url}) with its database behind the latency proxy (127.0.0.1:${PORTS.proxy})`);
  const client = await new TrpcClient(api.url).signIn("admin@acme.example", DEMO_PASSWORD);
  const read = () => client.query("members.list", { orgId }, HANG_MS);
  const recovered = async (what: string) => {
    const ok = await waitFor(`the API to answer normally after ${what}`, async () =>
      (await getStatus(`${api.url}/readyz`)) === 200 && (await read()).status === 200, { timeoutMs: 120_000, intervalMs: 500 }).catch(() => false);
    log.check(`after ${what}: /readyz 200 and reads answer again, without a restart`, ok === true && api.alive());
  };
  try {
    // 1. Latency.
    env.proxy.setDelay(100);
    log.step("latency: every packet held 100 ms each way; 30 concurrent members.list");
    const latency = await healthWhile(api.url, Promise.all(Array.from({ length: 30 }, () => timed(read))));
    log.check("latency: every request answers (200, or a clean 503), none hangs", latency.result.every((r) => r.answer.clean && r.ms < HANG_MS && (r.answer.status === 200 || r.answer.status === 503)), describe(latency.result));
    log.check("latency: /healthz answers within 1 s throughout", latency.slow === 0, `${latency.samples} samples, ${latency.slow} slow or failed`);
    env.proxy.setDelay(0);
    await recovered("the latency");

    // 2. Lock contention.
    const locker = new pg.Client({ connectionString: env.databaseUrl });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE memberships IN ACCESS EXCLUSIVE MODE");
    log.step("lock contention: another session holds ACCESS EXCLUSIVE on memberships; 25 concurrent requests (reads and role changes)");
    const targetUser = env.demo.users["lee.chen@acme.example"]!;
    const locked = await healthWhile(api.url, (async () => {
      const calls = Array.from({ length: 25 }, (_, i) =>
        timed(() => (i % 5 === 0 ? client.mutate("members.changeRole", { orgId, userId: targetUser, roleKey: "member" }, HANG_MS) : read())));
      const readyz = timed(async () => ({ status: await getStatus(`${api.url}/readyz`, HANG_MS), clean: true, body: "" }));
      return { calls: await Promise.all(calls), readyz: await readyz };
    })());
    await locker.query("ROLLBACK");
    await locker.end();
    const blocked = locked.result.calls;
    log.check("lock contention: blocked requests end with a clean 503 (statement timeout), none hangs",
      blocked.every((r) => r.answer.status === 503 && r.answer.clean && r.ms < HANG_MS), describe(blocked));
    log.check("lock contention: /healthz answers within 1 s throughout", locked.slow === 0, `${locked.samples} samples, ${locked.slow} slow or failed`);
    log.check("lock contention: /readyz answers (it needs no locked table) within 5 s", locked.result.readyz.answer.status !== 0 && locked.result.readyz.ms < 5000,
      `${locked.result.readyz.answer.status} after ${(locked.result.readyz.ms / 1000).toFixed(1)} s`);
    await recovered("the lock is released");

    // 3. A database that stops answering.
    env.proxy.setDelay(45_000);
    log.step("unresponsive database: packets held 45 s; 10 concurrent members.list");
    const stalled = await healthWhile(api.url, Promise.all(Array.from({ length: 10 }, () => timed(read))));
    log.check("unresponsive database: requests end with a clean 503 before 40 s, none hangs",
      stalled.result.every((r) => r.answer.status === 503 && r.answer.clean && r.ms < HANG_MS), describe(stalled.result));
    log.check("unresponsive database: /healthz answers within 1 s throughout", stalled.slow === 0, `${stalled.samples} samples, ${stalled.slow} slow or failed`);
    env.proxy.setDelay(0);
    await recovered("the database answers again");
  } finally {
    env.proxy.setDelay(0);
    await api.stop();
  }
}
