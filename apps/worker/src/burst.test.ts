/**
 * A burst of jobs drains at the handler's speed: after each job the worker
 * looks for the next one at once instead of waiting out its polling interval
 * (pg-boss fetches one job per interval otherwise). The interval here is an
 * hour, so without that only the first job would run during the test.
 */
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { queueSpec } from "@atrium/core/jobs";
import { z } from "zod";
import { defineJob } from "./jobs/types.ts";
import { createBoss, startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const QUEUE = "burst-test";
const handled: string[] = [];
const burst = defineJob(queueSpec({ name: QUEUE, description: "records the jobs it runs", payload: z.object({ n: z.number() }), options: { policy: "standard" } }), {
  async handle(job) {
    handled.push(String(job.data.n));
  },
});

// The jobs are waiting before the worker starts, so its first fetch finds the burst.
const sender = createBoss(url);
await sender.start();
await sender.createQueue(QUEUE);
for (let n = 1; n <= 5; n++) await sender.send(QUEUE, { n });
await sender.stop({ graceful: true, wait: true });

const worker = await startWorker({ databaseUrl: url, db, queues: [burst], schedules: false, pollingIntervalSeconds: 3600 });
afterAll(() => worker.stop());

describe("a burst of jobs", () => {
  it("runs every waiting job without waiting a polling interval between them", async () => {
    while (handled.length < 5) await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...handled].sort()).toEqual(["1", "2", "3", "4", "5"]);
  }, 60_000);
});
