/**
 * The worker checks every job's payload against its queue's schema before the
 * handler runs: a job sent around `send` (raw SQL, another tool, an old
 * version) with a bad payload fails with the schema's reason, and its handler
 * never sees it.
 */
import { BOSS_SCHEMA, queueSpec } from "@atrium/core/jobs";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "./jobs/types.ts";
import { createBoss, startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const queue = queueSpec({ name: "payload-test", description: "records what it is given (test only)", payload: z.object({ n: z.number().int() }).strict(), options: { retryLimit: 0 } });
const handled: unknown[] = [];
const job = defineJob(queue, {
  async handle(j) {
    handled.push(j.data);
    return { doubled: j.data.n * 2 };
  },
});
const worker = await startWorker({ databaseUrl: url, db, queues: [job], schedules: false, pollingIntervalSeconds: 0.5 });
// A raw pg-boss instance: what a sender that skips validation would do.
const raw = createBoss(url);
await raw.start();
afterAll(async () => {
  await raw.stop({ graceful: false, wait: true });
  await worker.stop();
});

async function settled(id: string): Promise<{ state: string; output: unknown }> {
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ state: string; output: unknown }[]>(`SELECT state::text, output FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`, id);
    if (rows[0] && (rows[0].state === "completed" || rows[0].state === "failed")) return rows[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the worker validates payloads", () => {
  it("fails a job whose payload the queue's schema refuses, without running the handler", async () => {
    const id = (await raw.send(queue.name, { n: "three" }))!;
    const result = await settled(id);
    expect(result.state).toBe("failed");
    expect((result.output as { message: string }).message).toContain("invalid payload-test payload");
    expect(handled).toEqual([]);
  }, 60_000);

  it("runs the handler with a payload the schema accepts", async () => {
    const id = (await raw.send(queue.name, { n: 3 }))!;
    expect(await settled(id)).toEqual({ state: "completed", output: { doubled: 6 } });
    expect(handled).toEqual([{ n: 3 }]);
  }, 60_000);
});
