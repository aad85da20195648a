/**
 * Evaluates audit alert rules and delivers their webhooks. Every audit insert
 * notifies `atrium_audit_alerts`, which queues a run (stately: at most one
 * queued and one active, so a burst of events makes one or two runs, not
 * thousands); the minute schedule retries webhooks that are due.
 */
import { deliverAlertWebhooks, evaluateAlerts } from "@atrium/core/audit";
import type { QueueDefinition } from "./types.ts";

export const auditAlerts: QueueDefinition = {
  name: "audit-alerts",
  description: "Fires audit alert rules (e-mail to admins, signed webhooks with retries)",
  schedule: "* * * * *",
  wakeOn: "atrium_audit_alerts",
  options: { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  async handle(_job, { db, log }) {
    const evaluated = await evaluateAlerts(db);
    const webhooks = await deliverAlertWebhooks(db);
    if (evaluated.fired || webhooks.delivered || webhooks.failed) {
      log(`audit-alerts: ${evaluated.fired} firing(s), ${webhooks.delivered} webhook(s) delivered, ${webhooks.failed} failed for good`);
    }
    return { ...evaluated, ...webhooks };
  },
};
