/**
 * Hourly: deletes /v1 idempotency keys past their 24-hour window, in bounded
 * batches. Singleton; one audit event per run that deleted something
 * (packages/core/src/applications/cleanup.ts).
 */
import { purgeApplicationData } from "@atrium/core/applications";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const applicationCleanup: QueueDefinition = defineJob(QUEUES.applicationCleanup, {
  schedule: "27 * * * *",
  async handle(_job, { db, log }) {
    const counts = await purgeApplicationData(db);
    if (counts.idempotencyKeys > 0) log(`application-cleanup: deleted ${counts.idempotencyKeys} idempotency keys`);
    return counts;
  },
});
