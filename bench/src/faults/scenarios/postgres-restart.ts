/**
 * Fault 1: PostgreSQL stops (fast shutdown) under a stream of reads and
 * writes, stays down a few seconds, and starts again. The API must say it is
 * not ready (/readyz 503) while staying alive (/healthz 200), fail requests
 * cleanly, and recover by itself; no write may be half-applied.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import type { FaultEnvironment } from "../environment.ts";
import { PORTS } from "../environment.ts";
import { getStatus, TrpcClient } from "../http.ts";
import { startApi, startWorkerProcess } from "../processes.ts";
import type { ScenarioLog } from "../report.ts";
import { INVITE_PREFIX, startTraffic, summarize } from "../traffic.ts";
import { waitFor } from "../wait.ts";

const OUTAGE_MS = 5_000;

export async function postgresRestart(env: FaultEnvironment, log: ScenarioLog) {
  const orgId = env.demo.organizations["acme"]!;
  const targets = ["sam.patel@acme.example", "lee.chen@acme.example", "auditor@acme.example"].map((e) => env.demo.users[e]!);
  const api = await startApi("restart-api", env.databaseUrl, PORTS.api[0], env.logDir);
  const worker = await startWorkerProcess("restart-worker", env.databaseUrl, env.logDir, { dataDir: env.dataDir }).catch(async (error: unknown) => {
    await api.stop();
    throw error;
  });
  log.step(`started the API (${api.url}) and a worker on PostgreSQL 127.0.0.1:${PORTS.postgres}`);
  try {
    const client = await new TrpcClient(api.url).signIn("admin@acme.example", DEMO_PASSWORD);
    const traffic = startTraffic([client, client], orgId, targets, "restart");
    log.step("traffic: 2 readers, 2 inviters and 3 role changers as admin@acme.example");
    await waitFor("20 answers before the fault", async () => traffic.sent.length >= 20, { timeoutMs: 60_000 });
    const healthy = traffic.sent.slice();
    log.check("before the fault every request succeeds", healthy.every((s) => s.answer.status === 200), summarize(healthy));

    const stoppedAt = Date.now();
    await env.stopPostgres();
    log.step("stopped PostgreSQL (pg_ctl stop -m fast)");
    const readyz = await waitFor("/readyz to answer 503", async () => (await getStatus(`${api.url}/readyz`)) === 503, { timeoutMs: 30_000 }).catch(() => false);
    log.check("/readyz answers 503 while the database is down", readyz === true);
    log.check("/healthz still answers 200", (await getStatus(`${api.url}/healthz`)) === 200);
    // The outage itself lasts a set time: it is the fault being injected, not a wait for a state.
    await sleep(OUTAGE_MS);
    const restartedAt = Date.now();
    await env.startPostgres();
    log.step(`started PostgreSQL again after ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s`);

    const during = traffic.sent.filter((s) => s.at > stoppedAt + 1000 && s.at < restartedAt);
    const unclean = during.filter((s) => !s.answer.clean);
    log.check("requests during the outage fail cleanly (JSON error, no stack trace, no HTML)", during.length > 0 && unclean.length === 0,
      `${summarize(during)}${unclean[0] ? `; e.g. ${unclean[0].answer.status} ${unclean[0].answer.body.slice(0, 200)}` : ""}`);
    const statuses = new Set(during.filter((s) => s.answer.status !== 200).map((s) => s.answer.status));
    log.check("failed requests answer 503 (retryable)", statuses.size > 0 && [...statuses].every((s) => s === 503), `statuses ${[...statuses].join(", ")}`);

    const recovered = await waitFor("/readyz 200 again", async () => (await getStatus(`${api.url}/readyz`)) === 200, { timeoutMs: 90_000 }).catch(() => false);
    log.check("/readyz answers 200 again without restarting the API", recovered === true && api.alive());
    const firstWrite = await waitFor("a write to succeed", async () => {
      const ok = traffic.sent.find((s) => s.at > restartedAt && s.kind !== "read" && s.answer.status === 200);
      return ok ? ok.at : false;
    }, { timeoutMs: 90_000 }).catch(() => 0);
    const settleFrom = Date.now() + 1000;
    await waitFor("40 answers after recovery", async () => traffic.after(settleFrom).length >= 40, { timeoutMs: 90_000 }).catch(() => false);
    await traffic.stop();
    const after = traffic.after(settleFrom);
    log.check("after recovery every request succeeds again", firstWrite > 0 && after.length > 0 && after.every((s) => s.answer.status === 200), summarize(after));
    log.check("the worker process survived the outage", worker.alive());
    log.step(`traffic overall: ${summarize(traffic.sent)}`);

    await checkWrites(env, log, orgId, targets, traffic.sent);
    // The worker recovers too: every invitation's e-mail is sent.
    const pending = await waitFor("the outbox to drain", async () => {
      const [row] = await env.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM email_outbox WHERE status = 'pending' AND to_address::text LIKE ${`${INVITE_PREFIX}restart-%`}`;
      return row!.n === 0n ? "drained" : false;
    }, { timeoutMs: 180_000, intervalMs: 500 }).catch(() => "not drained");
    log.check("the worker sends every invitation e-mail after the restart (outbox drained)", pending === "drained");
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}

/** No write half-applied: every invitation has its audit event and e-mail and vice versa; roles match their last audit event. */
async function checkWrites(env: FaultEnvironment, log: ScenarioLog, orgId: string, targets: string[], sent: { kind: string; answer: { status: number }; subject?: string }[]) {
  const like = `${INVITE_PREFIX}restart-%`;
  const [invites] = await env.db.$queryRaw<{ invitations: bigint; without_event: bigint; without_mail: bigint; orphan_events: bigint }[]>`
    SELECT (SELECT count(*) FROM invitations i WHERE i.organization_id = ${orgId}::uuid AND i.email::text LIKE ${like}) AS invitations,
           (SELECT count(*) FROM invitations i WHERE i.organization_id = ${orgId}::uuid AND i.email::text LIKE ${like}
               AND (SELECT count(*) FROM audit_events a WHERE a.organization_id = i.organization_id AND a.action = 'invitation.create' AND a.resource_id = i.id::text) <> 1) AS without_event,
           (SELECT count(*) FROM invitations i WHERE i.organization_id = ${orgId}::uuid AND i.email::text LIKE ${like}
               AND NOT EXISTS (SELECT 1 FROM email_outbox m WHERE m.to_address = i.email)) AS without_mail,
           (SELECT count(*) FROM audit_events a WHERE a.organization_id = ${orgId}::uuid AND a.action = 'invitation.create'
               AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.id::text = a.resource_id)) AS orphan_events`;
  const acknowledged = sent.filter((s) => s.kind === "invite" && s.answer.status === 200).map((s) => s.subject!);
  const [stored] = await env.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM invitations WHERE email::text = ANY(${acknowledged}::text[])`;
  log.check("every acknowledged invitation is stored", Number(stored!.n) === acknowledged.length, `${acknowledged.length} acknowledged, ${stored!.n} stored`);
  log.check("every invitation has exactly one audit event and its e-mail; no audit event without its invitation",
    invites!.without_event === 0n && invites!.without_mail === 0n && invites!.orphan_events === 0n,
    `${invites!.invitations} invitations, ${invites!.without_event} without one event, ${invites!.without_mail} without e-mail, ${invites!.orphan_events} orphan events`);

  const roles = await env.db.$queryRaw<{ user_id: string; role: string; last_after: string | null; changes: bigint }[]>`
    SELECT m.user_id::text, m.role::text,
           (SELECT a.details->'after'->>'key' FROM audit_events a WHERE a.organization_id = m.organization_id AND a.action = 'membership.role_change'
              AND a.resource_id = m.user_id::text ORDER BY a.seq DESC LIMIT 1) AS last_after,
           (SELECT count(*) FROM audit_events a WHERE a.organization_id = m.organization_id AND a.action = 'membership.role_change'
              AND a.resource_id = m.user_id::text) AS changes
      FROM memberships m WHERE m.organization_id = ${orgId}::uuid AND m.user_id = ANY(${targets}::uuid[])`;
  const mismatched = roles.filter((r) => r.last_after !== r.role);
  log.check("each member's role is the one its last role-change audit event records", mismatched.length === 0,
    roles.map((r) => `${r.role} after ${r.changes} changes${r.last_after === r.role ? "" : ` (audit says ${r.last_after})`}`).join("; "));
  const chains = await env.verifyChains();
  log.check("every audit chain verifies", chains.ok, `${chains.checked} events${chains.broken.length ? `; broken: ${chains.broken.join("; ")}` : ""}`);
}
