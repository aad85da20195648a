/**
 * Renewal reminders at 90, 60 and 30 days, daily. Exactly once per
 * (contract, threshold, renewal date) even with several workers or retries:
 * see sendRenewalReminders in packages/core/src/renewals/service.ts.
 */
import { sendRenewalReminders } from "@atrium/core/renewals";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const renewalReminders: QueueDefinition = defineJob(QUEUES.renewalReminders, {
  schedule: "0 6 * * *",
  async handle(job, { db, log }) {
    const run = await sendRenewalReminders(db, job.data.today ? new Date(job.data.today) : new Date());
    if (run.sent > 0) log(`renewal-reminders: ${run.sent} reminders, ${run.emails} e-mails`);
    return { ...run };
  },
});
