/**
 * The Stripe webhook inbox. The signature is checked on the raw body (within
 * Stripe's 5-minute tolerance); a valid event is stored once by its id and the
 * worker is woken to apply it. Duplicate deliveries find the row already there
 * and change nothing. Refusals are audited as platform events.
 */
import type { Db } from "@atrium/db";
import Stripe from "stripe";
import type { RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export const STRIPE_EVENTS_CHANNEL = "atrium_stripe_events";
/** Seconds a signature stays valid (Stripe's default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface ReceivedWebhook {
  eventId: string;
  type: string;
  duplicate: boolean;
}

export async function receiveStripeWebhook(
  db: Db,
  webhookSecret: string,
  request: { rawBody: Buffer; signature: string | undefined; meta: RequestMeta },
): Promise<ReceivedWebhook> {
  let event: Stripe.Event;
  try {
    if (!request.signature) throw new Error("missing Stripe-Signature header");
    event = Stripe.webhooks.constructEvent(request.rawBody, request.signature, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    const reason = (error as Error).message.slice(0, 300);
    await recordAudit(db, { type: "anonymous", label: "stripe-webhook", ...request.meta }, {
      action: "billing.webhook_rejected",
      organizationId: null,
      status: "denied",
      resource: { type: "stripe_webhook" },
      details: { reason, bytes: request.rawBody.length },
    });
    throw new AppError("BAD_REQUEST", { userMessage: "Webhook signature verification failed.", message: reason });
  }
  const object = event.data.object as { customer?: unknown };
  const customerId = typeof object.customer === "string" ? object.customer : null;
  return db.$transaction(async (tx) => {
    const account = customerId ? await tx.billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { organizationId: true } }) : null;
    const inserted = await tx.$executeRaw`
      INSERT INTO stripe_events (id, type, api_version, livemode, stripe_created_at, payload, organization_id)
      VALUES (${event.id}, ${event.type}, ${event.api_version ?? null}, ${event.livemode}, to_timestamp(${event.created}),
              ${JSON.stringify(event)}::jsonb, ${account?.organizationId ?? null}::uuid)
      ON CONFLICT (id) DO NOTHING`;
    if (inserted) await tx.$executeRaw`SELECT pg_notify(${STRIPE_EVENTS_CHANNEL}, ${event.id})`;
    return { eventId: event.id, type: event.type, duplicate: inserted === 0 };
  });
}
