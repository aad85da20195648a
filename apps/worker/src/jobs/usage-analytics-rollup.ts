/**
 * Usage analytics rollup, every minute: recomputes the (organization, day)
 * pairs whose usage events changed since the last run (core
 * rollupUsageAnalytics: idempotent, late events included). One run is bounded
 * (50 batches); what is left waits for the next minute.
 */
import { rollupUsageAnalytics } from "@atrium/core/analytics";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const usageAnalyticsRollup: QueueDefinition = defineJob(QUEUES.usageAnalyticsRollup, {
  schedule: "* * * * *",
  async handle(_job, { db, log }) {
    const result = await rollupUsageAnalytics(db, { maxBatches: 50 });
    if (result.days) log(`usage-analytics-rollup: ${result.days} organization-days in ${result.batches} batches`);
    return result;
  },
});
