/**
 * Evaluates audit alert rules and delivers their webhooks. Every audit insert
 * notifies `atrium_audit_alerts`, which queues a run (stately: at most one
 * queued and one active, so a burst of events makes one or two runs, not
 * thousands); the minute schedule retries webhooks that are due.
 */
import { deliverAlertWebhooks, evaluateAlerts } from "@atrium/core/audit";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const auditAlerts: QueueDefinition = defineJob(QUEUES.auditAlerts, {
  schedule: "* * * * *",
  wakeOn: "atrium_audit_alerts",
  async handle(_job, { db, log }) {
    const evaluated = await evaluateAlerts(db);
    const webhooks = await deliverAlertWebhooks(db);
    if (evaluated.fired || webhooks.delivered || webhooks.failed) {
      log(`audit-alerts: ${evaluated.fired} firing(s), ${webhooks.delivered} webhook(s) delivered, ${webhooks.failed} failed for good`);
    }
    return { ...evaluated, ...webhooks };
  },
});
