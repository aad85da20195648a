/**
 * Daily usage gauge: each organization's active members as the day's seats
 * (one report per organization and day, by idempotency key, so reruns are
 * no-ops). Counters are rolled up as they are reported.
 */
import { recordDailySeats } from "@atrium/core/billing";
import { systemActor } from "@atrium/core/actor";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const usageRollup: QueueDefinition = defineJob(QUEUES.usageRollup, {
  schedule: "5 0 * * *",
  async handle(_job, { db, log }) {
    const recorded = await recordDailySeats(db, systemActor("usage-rollup"));
    log(`usage-rollup: seats recorded for ${recorded} organizations`);
    return { recorded };
  },
});
