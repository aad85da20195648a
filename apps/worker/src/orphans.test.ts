/**
 * A job left active by a worker that died is taken back at once; a job whose
 * worker is alive (it holds the job's advisory lock) is left alone.
 */
import { createTestDatabase } from "@atrium/db/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { JOB_LOCK_NAMESPACE, retryOrphanedJobs } from "./orphans.ts";
import { createBoss } from "./worker.ts";

const { url } = await createTestDatabase();
const boss = createBoss(url);
await boss.start();
const QUEUE = "orphan-test";
// A long retry delay: taking back a dead worker's job must not wait for it.
await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 3, retryDelay: 3600, expireInSeconds: 3600 });
const alive = new pg.Client({ connectionString: url });
await alive.connect();
afterAll(async () => {
  await alive.end();
  await boss.stop({ graceful: false, wait: true });
});

describe("jobs orphaned by a dead worker", () => {
  it("go back to the queue to run again now; a running job keeps running", async () => {
    const deadId = (await boss.send(QUEUE, { n: 1 }))!;
    const liveId = (await boss.send(QUEUE, { n: 2 }))!;
    // Both fetched (active), as a worker does; only the live one's worker holds its lock.
    const fetched = await boss.fetch(QUEUE, { batchSize: 2 });
    expect(fetched.map((j) => j.id).sort()).toEqual([deadId, liveId].sort());
    await alive.query("SELECT pg_advisory_lock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, liveId]);

    const lines: string[] = [];
    expect(await retryOrphanedJobs(url, boss, 0, (m) => lines.push(m))).toBe(1);
    expect(lines).toEqual([`${QUEUE}: job ${deadId} was left active by a stopped worker; queued to run again`]);
    expect((await boss.getJobById(QUEUE, deadId))?.state).toBe("retry");
    expect((await boss.getJobById(QUEUE, liveId))?.state).toBe("active");

    // Due now, despite the hour of retry delay.
    const again = await boss.fetch(QUEUE);
    expect(again.map((j) => j.id)).toEqual([deadId]);
    // A second sweep leaves the new run alone: it started within the grace period.
    expect(await retryOrphanedJobs(url, boss, 60, () => {})).toBe(0);
  });
});
