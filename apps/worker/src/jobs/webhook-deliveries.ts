/**
 * Delivers webhooks (packages/core/src/events/delivery.ts): what is due, in
 * order per (endpoint, organization), with retries and backoff kept in the
 * delivery rows. Woken by NOTIFY when a delivery is queued (emitEvent, at
 * the commit of the change), every minute as a safety net, and by a job of
 * its own queued for the next retry that falls due sooner. Several jobs may
 * run at once: each delivery is taken under a row lock, so that is safe.
 */
import { deliverDueWebhooks, nextDeliveryDue, WEBHOOK_DELIVERIES_CHANNEL } from "@atrium/core/events";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

/** Attempts per job; a job that reaches it queues the next at once. */
const BATCH = 100;

export const webhookDeliveries: QueueDefinition = defineJob(QUEUES.webhookDeliveries, {
  schedule: "* * * * *",
  wakeOn: WEBHOOK_DELIVERIES_CHANNEL,
  async handle(_job, { db, log, later }) {
    const result = await deliverDueWebhooks(db, { limit: BATCH });
    if (result.failed) log(`webhook-deliveries: ${result.failed} attempt(s) failed, to be retried or given up`);
    if (!later) return result;
    if (result.succeeded + result.failed >= BATCH) {
      await later(1); // more is due: go on in a fresh job
      return result;
    }
    const next = await nextDeliveryDue(db);
    const inSeconds = next ? (next.getTime() - Date.now()) / 1000 : null;
    // The minute schedule covers later retries; sooner ones get a job of their own.
    if (inSeconds !== null && inSeconds > 0 && inSeconds < 60) await later(inSeconds);
    return result;
  },
});
