/**
 * Renewal reminders at 90, 60 and 30 days, daily. Exactly once per
 * (contract, threshold, renewal date) even with several workers or retries:
 * see sendRenewalReminders in packages/core/src/renewals/service.ts.
 */
import { sendRenewalReminders } from "@atrium/core/renewals";
import type { QueueDefinition } from "./types.ts";

export const renewalReminders: QueueDefinition<{ today?: string }> = {
  name: "renewal-reminders",
  description: "Sends 90/60/30-day renewal reminders to the CSM and billing contacts, once each, and marks contracts renewal-pending",
  schedule: "0 6 * * *",
  options: { policy: "standard", retryLimit: 5, retryDelay: 120, retryBackoff: true, expireInSeconds: 1800 },
  async handle(job, { db, log }) {
    const run = await sendRenewalReminders(db, job.data.today ? new Date(job.data.today) : new Date());
    if (run.sent > 0) log(`renewal-reminders: ${run.sent} reminders, ${run.emails} e-mails`);
    return { ...run };
  },
};
