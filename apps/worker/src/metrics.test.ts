import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { queueSpec } from "@atrium/core/jobs";
import { z } from "zod";
import { defineJob } from "./jobs/types.ts";
import { fileTransport } from "./mail/transport.ts";
import { createWorkerMetrics, serveWorkerMetrics } from "./metrics.ts";
import { queues } from "./queues.ts";
import { startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const failing = defineJob(queueSpec({ name: "metrics-test-failing", description: "always fails (test only)", payload: z.object({}), options: { retryLimit: 0 } }), {
  async handle() {
    throw new Error("this job fails on purpose");
  },
});
const served = [...queues({ mail: fileTransport(await mkdtemp(join(tmpdir(), "atrium-mail-"))), mailFrom: "Atrium <no-reply@atrium.test>" }), failing];
const metrics = createWorkerMetrics(db, served.map((q) => q.name));
const worker = await startWorker({ databaseUrl: url, db, queues: served, schedules: false, pollingIntervalSeconds: 0.5, metrics });
const listener = await serveWorkerMetrics(metrics, { port: 0, host: "127.0.0.1", healthy: () => true });
afterAll(async () => {
  await listener.close();
  await worker.stop();
  metrics.close();
});
const base = `http://127.0.0.1:${listener.port}`;

async function settled(queue: string, id: string) {
  for (;;) {
    const job = await worker.boss.getJobById(queue, id);
    if (job?.state === "completed" || job?.state === "failed") return job.state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Scrapes until the series appears (the counter is bumped right after pg-boss marks the job). */
async function scrapeUntil(pattern: RegExp) {
  for (;;) {
    const text = await (await fetch(`${base}/metrics`)).text();
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("worker metrics listener", () => {
  it("answers /healthz", async () => {
    const response = await fetch(`${base}/healthz`);
    expect([response.status, await response.json()]).toEqual([200, { status: "ok" }]);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("counts a real job run by queue and outcome, with its duration", async () => {
    const id = (await worker.boss.send("session-cleanup", {}))!;
    expect(await settled("session-cleanup", id)).toBe("completed");
    const text = await scrapeUntil(/atrium_worker_jobs_total\{queue="session-cleanup",outcome="completed"\} 1/);
    expect(text).toMatch(/atrium_worker_job_duration_seconds_count\{queue="session-cleanup",outcome="completed"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it("counts a failed job", async () => {
    const id = (await worker.boss.send(failing.name, {}))!;
    expect(await settled(failing.name, id)).toBe("failed");
    await scrapeUntil(/atrium_worker_jobs_total\{queue="metrics-test-failing",outcome="failed"\} 1/);
  });

  it("reports queue depth and the lag of the oldest due job from pg-boss' table", async () => {
    // A queue with no worker polling it: jobs there wait, so depth and lag show.
    await worker.boss.createQueue("email-outbox-dead");
    await worker.boss.send("email-outbox-dead", {});
    await db.$executeRawUnsafe(`UPDATE pgboss.job SET start_after = now() - interval '90 seconds' WHERE name = 'email-outbox-dead'`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/atrium_queue_jobs\{queue="email-outbox-dead",state="created"\} 1/);
    expect(text).toMatch(/atrium_queue_lag_seconds\{queue="session-cleanup"\} \d/);
    expect(text).not.toMatch(/atrium_queue_lag_seconds\{queue="email-outbox-dead"\}/);
  });
});
