/**
 * Hourly: deletes /v1 idempotency keys past their 24-hour window, in bounded
 * batches. Singleton; one audit event per run that deleted something
 * (packages/core/src/applications/cleanup.ts).
 */
import { purgeApplicationData } from "@atrium/core/applications";
import type { QueueDefinition } from "./types.ts";

export const applicationCleanup: QueueDefinition = {
  name: "application-cleanup",
  description: "Deletes /v1 idempotency keys older than their 24-hour window",
  schedule: "27 * * * *",
  options: { policy: "singleton", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 900 },
  async handle(_job, { db, log }) {
    const counts = await purgeApplicationData(db);
    if (counts.idempotencyKeys > 0) log(`application-cleanup: deleted ${counts.idempotencyKeys} idempotency keys`);
    return counts;
  },
};
