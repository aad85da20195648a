/**
 * renewal-reminders is exactly-once per (contract, threshold, renewal date):
 * with two workers on the same queue, with the handler run concurrently from
 * two connection pools, on retries, and a renewed contract starts over.
 */
import { sendRenewalReminders } from "@atrium/core/renewals";
import { createDb } from "@atrium/db";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { healthScores } from "./jobs/health-scores.ts";
import { renewalReminders } from "./jobs/renewal-reminders.ts";
import { startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const otherPool = createDb(url);
const queues = [renewalReminders, healthScores];
const workerA = await startWorker({ databaseUrl: url, db, queues, schedules: false, pollingIntervalSeconds: 0.5 });
const workerB = await startWorker({ databaseUrl: url, db: otherPool, queues, schedules: false, pollingIntervalSeconds: 0.5 });
afterAll(async () => {
  await workerA.stop();
  await workerB.stop();
  await otherPool.$disconnect();
});

const DAY = 86_400_000;
const today = new Date("2026-11-22T00:00:00Z");
const csm = await db.user.create({ data: { email: "casey@atrium.test", name: "Casey", platformRole: "csm" }, select: { id: true } });

async function customer(slug: string, renewalIn: number) {
  const org = await db.organization.create({ data: { name: slug, slug, plan: "enterprise", isEnterprise: true }, select: { id: true } });
  const renewal = new Date(today.getTime() + renewalIn * DAY);
  const contract = await db.contract.create({
    data: {
      organizationId: org.id,
      issuerId: "atrium-us",
      name: "Enterprise agreement",
      currency: "usd",
      annualValueMinor: 10_000_000n,
      seats: 10,
      startDate: new Date(renewal.getTime() - 365 * DAY),
      endDate: new Date(renewal.getTime() + DAY),
      renewalDate: renewal,
      csmUserId: csm.id,
      billingContacts: [`ap@${slug}.test`, `cfo@${slug}.test`],
    },
    select: { id: true },
  });
  return { orgId: org.id, contractId: contract.id };
}

async function waitForCompleted(worker: typeof workerA, ids: string[]) {
  for (;;) {
    const jobs = await Promise.all(ids.map((id) => worker.boss.getJobById("renewal-reminders", id)));
    if (jobs.some((j) => j?.state === "failed")) throw new Error("a job failed");
    if (jobs.every((j) => j?.state === "completed")) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const reminders = (contractId: string) => db.renewalReminder.findMany({ where: { contractId }, select: { threshold: true, renewalDate: true, recipients: true }, orderBy: { sentAt: "asc" } });
const mailTo = (address: string) => db.emailOutbox.findMany({ where: { toAddress: address }, select: { subject: true } });

describe("renewal reminders", () => {
  it("sends each due reminder once when two workers run the job at the same time", async () => {
    const a = await customer("alpha", 85); // 90-day window
    const b = await customer("bravo", 45); // 60-day window
    const c = await customer("charlie", 10); // 30-day window
    const d = await customer("delta", 120); // not yet
    const ids = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? workerB : workerA).boss.send("renewal-reminders", { today: today.toISOString() })));
    const jobs = await waitForCompleted(workerA, ids as string[]);
    const sent = jobs.reduce((n, j) => n + (j!.output as { sent: number }).sent, 0);
    expect(sent).toBe(3);
    expect((await reminders(a.contractId)).map((r) => r.threshold)).toEqual([90]);
    expect((await reminders(b.contractId)).map((r) => r.threshold)).toEqual([60]);
    expect((await reminders(c.contractId)).map((r) => r.threshold)).toEqual([30]);
    expect(await reminders(d.contractId)).toEqual([]);
    expect((await mailTo("casey@atrium.test")).length).toBe(3);
    expect((await mailTo("ap@alpha.test")).map((m) => m.subject)).toEqual(["Renewal in 90 days: alpha (2027-02-15)"]);
    const contract = await db.contract.findUniqueOrThrow({ where: { id: a.contractId }, select: { status: true, version: true } });
    expect(contract).toEqual({ status: "renewal_pending", version: 2 });
    expect(await db.contractChange.count({ where: { contractId: a.contractId, kind: "status_changed" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "renewal.reminder_sent", organizationId: a.orgId } })).toBe(1);
  });

  it("stays exactly-once when the handler runs concurrently from two connection pools and is retried", async () => {
    const e = await customer("echo", 29);
    const runs = await Promise.all([sendRenewalReminders(db, today), sendRenewalReminders(otherPool, today), sendRenewalReminders(db, today), sendRenewalReminders(otherPool, today)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    const retry = await sendRenewalReminders(db, today);
    expect(retry.sent).toBe(0);
    expect((await reminders(e.contractId)).map((r) => r.threshold)).toEqual([30]);
    expect((await mailTo("ap@echo.test")).length).toBe(1);
  });

  it("moves through 90 → 60 → 30 and starts a fresh cycle when the contract renews", async () => {
    const f = await customer("foxtrot", 91);
    const at = (daysFromToday: number) => new Date(today.getTime() + daysFromToday * DAY);
    for (const day of [0, 1, 2, 30, 31, 45, 61, 62, 90]) await sendRenewalReminders(db, at(day));
    expect((await reminders(f.contractId)).map((r) => r.threshold)).toEqual([90, 60, 30]);
    // Renewed: a new renewal date a year later.
    const renewal = new Date(today.getTime() + (91 + 365) * DAY);
    await db.contract.update({ where: { id: f.contractId }, data: { renewalDate: renewal, endDate: new Date(renewal.getTime() + DAY), status: "active" }, select: { id: true } });
    await sendRenewalReminders(db, at(91 + 365 - 80));
    await sendRenewalReminders(db, at(91 + 365 - 80));
    const all = await reminders(f.contractId);
    expect(all.map((r) => [r.threshold, r.renewalDate.toISOString().slice(0, 10)])).toEqual([
      [90, "2027-02-21"],
      [60, "2027-02-21"],
      [30, "2027-02-21"],
      [90, "2028-02-21"],
    ]);
    expect((await mailTo("cfo@foxtrot.test")).length).toBe(4);
  });

  it("recomputes health in the health-scores job, for all and for one customer", async () => {
    const id = await workerB.boss.send("health-scores", {});
    for (;;) {
      const job = await workerB.boss.getJobById("health-scores", id!);
      if (job?.state === "completed") {
        expect(job.output).toEqual({ organizations: 6 });
        break;
      }
      if (job?.state === "failed") throw new Error(JSON.stringify(job.output));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await db.healthScore.count()).toBe(6);
  });
});
