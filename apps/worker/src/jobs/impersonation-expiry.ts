/** Ends impersonations past their time and audits each end in the customer's log (access already stops at expiry). */
import { expireImpersonations } from "@atrium/core/impersonation";
import { systemActor } from "@atrium/core/actor";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const impersonationExpiry: QueueDefinition = defineJob(QUEUES.impersonationExpiry, {
  schedule: "* * * * *",
  async handle(_job, { db }) {
    return { ended: await expireImpersonations(db, systemActor("impersonation-expiry")) };
  },
});
