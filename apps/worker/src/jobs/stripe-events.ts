/**
 * Applies Stripe webhook events stored in the inbox. The webhook notifies with
 * the event id (one job per event); the schedule sweeps up anything pending.
 * Applying is idempotent (see packages/core/src/billing/stripe-events.ts), so
 * retries and duplicate jobs are harmless.
 */
import { processPendingStripeEvents, processStripeEvent, STRIPE_EVENTS_CHANNEL, type StripeEventContext } from "@atrium/core/billing";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export function stripeEvents(context: StripeEventContext): QueueDefinition {
  return defineJob(QUEUES.stripeEvents, {
    schedule: "* * * * *",
    wakeOn: STRIPE_EVENTS_CHANNEL,
    async handle(job, { db, log }) {
      if (job.data.key) {
        const outcome = await processStripeEvent(db, context, job.data.key);
        log(`stripe-events: ${job.data.key} ${outcome}`);
        return { event: job.data.key, outcome };
      }
      const result = await processPendingStripeEvents(db, context);
      if (result.processed + result.skipped) log(`stripe-events: ${result.processed} applied, ${result.skipped} skipped`);
      return result;
    },
  });
}
