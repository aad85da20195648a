/** Ends impersonations past their time and audits each end in the customer's log (access already stops at expiry). */
import { expireImpersonations } from "@atrium/core/impersonation";
import { systemActor } from "@atrium/core/actor";
import type { QueueDefinition } from "./types.ts";

export const impersonationExpiry: QueueDefinition = {
  name: "impersonation-expiry",
  description: "Ends impersonation sessions past their duration",
  schedule: "* * * * *",
  options: { policy: "singleton", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  async handle(_job, { db }) {
    return { ended: await expireImpersonations(db, systemActor("impersonation-expiry")) };
  },
};
