/**
 * Hourly: deletes expired SSO sign-in requests, replay-cache entries whose
 * assertions can no longer be replayed, and admins' test results older than
 * 30 days (each connection's latest 10 stay). Singleton; bounded batches; one
 * audit event per run with the counts (packages/core/src/sso/cleanup.ts).
 */
import { purgeSsoData } from "@atrium/core/sso";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const ssoCleanup: QueueDefinition = defineJob(QUEUES.ssoCleanup, {
  schedule: "7 * * * *",
  async handle(_job, { db, log }) {
    const counts = await purgeSsoData(db);
    const total = counts.requests + counts.replayEntries + counts.testResults;
    if (total > 0) log(`sso-cleanup: deleted ${counts.requests} requests, ${counts.replayEntries} replay entries, ${counts.testResults} test results`);
    return counts;
  },
});
