import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const worker = await startWorker({ databaseUrl: url, db, pollingIntervalSeconds: 0.5 });
afterAll(() => worker.stop());

async function waitForState(queue: string, id: string, state: "completed" | "failed") {
  for (;;) {
    const job = await worker.boss.getJobById(queue, id);
    if (job?.state === state) return job;
    if (job?.state === "failed" && state !== "failed") throw new Error(`job failed: ${JSON.stringify(job.output)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("worker", () => {
  it("registers each queue's schedule", async () => {
    const schedules = await worker.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual([
      ["audit-partitions", "15 3 * * *"],
      ["session-cleanup", "*/15 * * * *"],
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

  it("runs audit-partitions idempotently", async () => {
    const id = await worker.boss.send("audit-partitions", {});
    const job = await waitForState("audit-partitions", id!, "completed");
    expect(job.output).toEqual({ created: 0 });
  });
});
