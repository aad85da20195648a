/**
 * Daily usage gauge: each organization's active members as the day's seats
 * (one report per organization and day, by idempotency key, so reruns are
 * no-ops). Counters are rolled up as they are reported.
 */
import { recordDailySeats } from "@atrium/core/billing";
import { systemActor } from "@atrium/core/actor";
import type { QueueDefinition } from "./types.ts";

export const usageRollup: QueueDefinition = {
  name: "usage-rollup",
  description: "Records each organization's seats in use for the day",
  schedule: "5 0 * * *",
  options: { policy: "singleton", retryLimit: 3, retryDelay: 120, retryBackoff: true, expireInSeconds: 1800 },
  async handle(_job, { db, log }) {
    const recorded = await recordDailySeats(db, systemActor("usage-rollup"));
    log(`usage-rollup: seats recorded for ${recorded} organizations`);
    return { recorded };
  },
};
