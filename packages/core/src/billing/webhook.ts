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
import { findUnstorableText } from "../security/text.ts";
import { z } from "zod";

/**
 * What a signed body must look like to be stored as an event: Stripe signs
 * whatever the account sends, and a signed body that is not an event (no
 * data.object, an out-of-range timestamp, NUL characters jsonb refuses) used
 * to fail as a 500.
 */
const ZEventEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  api_version: z.string().max(64).nullish(),
  livemode: z.boolean(),
  created: z.number().int().min(0).max(32_503_680_000),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

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
  if (!ZEventEnvelope.safeParse(event).success || findUnstorableText(event)) {
    await recordAudit(db, { type: "anonymous", label: "stripe-webhook", ...request.meta }, {
      action: "billing.webhook_rejected",
      organizationId: null,
      status: "denied",
      resource: { type: "stripe_webhook" },
      details: { reason: "signed body is not a storable Stripe event", bytes: request.rawBody.length },
    });
    throw new AppError("BAD_REQUEST", { userMessage: "The body is not a Stripe event." });
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
