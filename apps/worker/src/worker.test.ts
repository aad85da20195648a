import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import { createAlertRule, recordAudit, saveStream, verifyAuditChain } from "@atrium/core/audit";
import { systemActor } from "@atrium/core/actor";
import { QUEUES } from "@atrium/core/jobs";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { fileTransport, type MailTransport } from "./mail/transport.ts";
import { queues } from "./queues.ts";
import { startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const mailDir = await mkdtemp(join(tmpdir(), "atrium-mail-"));
const files = fileTransport(mailDir);
let failNextTo: string | null = null;
const mail: MailTransport = {
  describe: "test",
  async send(message) {
    if (message.to === failNextTo) throw new Error("550 mailbox unavailable");
    await files.send(message);
  },
};
const worker = await startWorker({ databaseUrl: url, db, queues: queues({ mail, mailFrom: "Atrium <no-reply@atrium.test>" }), pollingIntervalSeconds: 0.5 });
afterAll(() => worker.stop());

async function waitForState(queue: string, id: string, state: "completed") {
  for (;;) {
    const job = await worker.boss.getJobById(queue, id);
    if (job?.state === state) return job;
    if (job?.state === "failed") throw new Error(`job failed: ${JSON.stringify(job.output)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForMail(to: string) {
  for (;;) {
    const row = await db.emailOutbox.findFirst({ where: { toAddress: to, status: { not: "pending" } }, select: { id: true, status: true } });
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("worker", () => {
  it("serves each queue of the catalogue once, and nothing else", () => {
    const names = queues({ mail, mailFrom: "Atrium <no-reply@atrium.test>" }).map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.values(QUEUES).map((q) => q.name).sort());
  });

  it("registers each queue's schedule", async () => {
    const schedules = await worker.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual([
      ["application-cleanup", "27 * * * *"],
      ["audit-alerts", "* * * * *"],
      ["audit-export", "*/5 * * * *"],
      ["audit-partitions", "15 3 * * *"],
      ["audit-retention", "30 2 * * *"],
      ["audit-stream", "* * * * *"],
      ["billing-invoices", "15 1 * * *"],
      ["email-outbox", "* * * * *"],
      ["health-scores", "0 4 * * *"],
      ["impersonation-expiry", "* * * * *"],
      ["oidc-backchannel-logout", "* * * * *"],
      ["oidc-cleanup", "17 * * * *"],
      ["qbr-generate", "0 5 1 1,4,7,10 *"],
      ["renewal-reminders", "0 6 * * *"],
      ["scim-sync", "*/15 * * * *"],
      ["session-cleanup", "*/15 * * * *"],
      ["sso-cleanup", "7 * * * *"],
      ["stripe-events", "* * * * *"],
      ["usage-analytics-rollup", "* * * * *"],
      ["usage-rollup", "5 0 * * *"],
      ["webhook-deliveries", "* * * * *"],
    ]);
  });

  it("runs session-cleanup end to end: expired sessions go, live ones stay, and the purge is audited", async () => {
    const user = await db.user.create({ data: { email: "cleanup@example.com", name: "Cleanup" }, select: { id: true } });
    const hour = 3600_000;
    await db.session.createMany({
      data: [
        { id: "a".repeat(64), userId: user.id, expiresAt: new Date(Date.now() - hour) },
        { id: "b".repeat(64), userId: user.id, expiresAt: new Date(Date.now() - 2 * hour) },
        { id: "c".repeat(64), userId: user.id, expiresAt: new Date(Date.now() + hour) },
      ],
    });
    const id = await worker.boss.send("session-cleanup", {});
    const job = await waitForState("session-cleanup", id!, "completed");
    expect(job.output).toEqual({ deleted: 2 });
    expect((await db.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual(["c".repeat(64)]);
    const audit = await db.auditEvent.findFirst({ where: { action: "session.purge_expired" }, select: { actorType: true, actorLabel: true, details: true } });
    expect(audit).toEqual({ actorType: "system", actorLabel: "session-cleanup", details: { deleted: 2 } });
  });

  it("runs sso-cleanup end to end: expired SSO requests go, pending ones stay, and the run is audited with counts", async () => {
    const org = await db.organization.create({ data: { name: "SSO Co", slug: "sso-cleanup-co", plan: "enterprise" }, select: { id: true } });
    const connection = await db.ssoConnection.create({ data: { organizationId: org.id, name: "IdP", protocol: "saml", provider: "generic_saml" }, select: { id: true } });
    await db.ssoRequest.createMany({
      data: [
        { id: "_old", connectionId: connection.id, expiresAt: new Date(Date.now() - 60_000) },
        { id: "_pending", connectionId: connection.id, expiresAt: new Date(Date.now() + 600_000) },
      ],
    });
    const id = await worker.boss.send("sso-cleanup", {});
    const job = await waitForState("sso-cleanup", id!, "completed");
    expect(job.output).toEqual({ requests: 1, replayEntries: 0, testResults: 0 });
    expect((await db.ssoRequest.findMany({ select: { id: true } })).map((r) => r.id)).toEqual(["_pending"]);
    const audit = await db.auditEvent.findFirst({ where: { action: "sso.cleanup" }, select: { actorType: true, actorLabel: true, details: true } });
    expect(audit).toEqual({ actorType: "system", actorLabel: "sso-cleanup", details: { requests: 1, replayEntries: 0, testResults: 0 } });
  });

  it("runs application-cleanup end to end: idempotency keys past 24 hours go, newer ones stay, the run is audited with the count", async () => {
    const app = await db.application.create({ data: { slug: "cleanup-app", name: "Cleanup app", redirectUris: [] }, select: { id: true } });
    for (const [key, hoursAgo] of [["k-old-1", 25], ["k-old-2", 72], ["k-new", 1]] as const) {
      await db.$executeRaw`INSERT INTO idempotency_keys (application_id, key, request_hash, created_at) VALUES (${app.id}::uuid, ${key}, ${"c".repeat(64)}, now() - make_interval(hours => ${hoursAgo}::int))`;
    }
    const id = await worker.boss.send("application-cleanup", {});
    const job = await waitForState("application-cleanup", id!, "completed");
    expect(job.output).toEqual({ idempotencyKeys: 2 });
    expect((await db.$queryRaw<{ key: string }[]>`SELECT key FROM idempotency_keys`).map((r) => r.key)).toEqual(["k-new"]);
    const audit = await db.auditEvent.findFirst({ where: { action: "application.cleanup" }, select: { actorType: true, actorLabel: true, details: true } });
    expect(audit).toEqual({ actorType: "system", actorLabel: "application-cleanup", details: { idempotencyKeys: 2 } });
  });

  it("runs audit-retention end to end: expired events go, the purge is audited, the chain still verifies", async () => {
    const org = await db.organization.create({ data: { name: "Old Co", slug: "old-co", plan: "free" }, select: { id: true } });
    for (const daysAgo of [45, 40, 1]) {
      await db.auditEvent.create({
        data: { organizationId: org.id, occurredAt: new Date(Date.now() - daysAgo * 86_400_000), action: "org.update", status: "success", actorType: "system", resourceType: "organization" },
      });
    }
    const id = await worker.boss.send("audit-retention", {});
    const job = await waitForState("audit-retention", id!, "completed");
    expect(job.output).toMatchObject({ events: 2, held: 0 });
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "org.update" } })).toBe(1);
    // Whole expired months are dropped, the rest deleted row by row (which depends on today's date): 2 events in all.
    const purges = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "audit.purge" }, select: { details: true } });
    expect(purges.reduce((n, p) => n + (p.details as { events: number }).events, 0)).toBe(2);
    expect((await verifyAuditChain(db, org.id)).ok).toBe(true);
  });

  it("fires an audit alert as soon as a matching event commits, and e-mails the owner", async () => {
    const org = await db.organization.create({ data: { name: "Alert Co", slug: "alert-co", plan: "enterprise" }, select: { id: true } });
    const owner = await db.user.create({ data: { email: "owner@alert.example", name: "Owner" }, select: { id: true } });
    await db.membership.create({ data: { organizationId: org.id, userId: owner.id, role: "owner" } });
    await createAlertRule(db, systemActor("test"), org.id, { name: "Retention changes", actions: ["retention.*"], threshold: 1, windowSeconds: 0, notifyAdmins: true });
    await recordAudit(db, systemActor("test"), { action: "retention.update", organizationId: org.id, resource: { type: "retention_policy", id: "audit_events" } });
    const mail = await waitForMail("owner@alert.example");
    expect(mail.status).toBe("sent");
    expect(await db.auditAlertFiring.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "alert.fire" } })).toBe(1);
  });

  it("streams a new audit event to the SIEM destination as soon as it commits", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push(...body.split("\n").map((line) => (JSON.parse(line) as { event: { action: string } }).event.action));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const org = await db.organization.create({ data: { name: "Stream Co", slug: "stream-co", plan: "enterprise" }, select: { id: true } });
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/services/collector/event`;
      await saveStream(db, systemActor("test"), org.id, { kind: "splunk_hec", url, credential: "hec", enabled: true, batchSize: 100 });
      await recordAudit(db, systemActor("test"), { action: "org.update", organizationId: org.id, resource: { type: "organization", id: org.id } });
      while (!received.includes("org.update")) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toEqual(["audit_stream.create", "org.update"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("runs audit-partitions idempotently", async () => {
    const id = await worker.boss.send("audit-partitions", {});
    const job = await waitForState("audit-partitions", id!, "completed");
    expect(job.output).toEqual({ created: 0 });
  });

  it("delivers an e-mail from the outbox as soon as it is committed, without waiting for the schedule", async () => {
    await db.emailOutbox.create({
      data: { toAddress: "ada@example.com", subject: "Welcome", textBody: "Hello Ada", htmlBody: "<p>Hello Ada</p>", template: "test" },
    });
    const row = await waitForMail("ada@example.com");
    expect(row.status).toBe("sent");
    const written = (await readdir(mailDir)).filter((f) => f.endsWith(`${row.id}.eml`));
    expect(written).toHaveLength(1);
    const eml = await readFile(join(mailDir, written[0]!), "utf8");
    expect(eml).toContain("To: ada@example.com");
    expect(eml).toContain("Subject: Welcome");
  });

  it("keeps a message that failed for a later attempt, with the error", async () => {
    failNextTo = "bounce@example.com";
    await db.emailOutbox.create({ data: { toAddress: "bounce@example.com", subject: "Hi", textBody: "x", template: "test" } });
    for (;;) {
      const row = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: "bounce@example.com" }, select: { attempts: true, status: true, lastError: true, nextAttemptAt: true } });
      if (row.attempts > 0) {
        expect(row).toMatchObject({ attempts: 1, status: "pending", lastError: "550 mailbox unavailable" });
        expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
