/**
 * Webhook signatures (Stripe's own test header generator) and the
 * exactly-once, order-independent application of a subscription's events.
 */
import { createTestDatabase } from "@atrium/db/testing";
import fc from "fast-check";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { AppError } from "../errors.ts";
import { processStripeEvent } from "./stripe-events.ts";
import { receiveStripeWebhook } from "./webhook.ts";

const { db } = await createTestDatabase();
const SECRET = "whsec_property_test";
const context = { prices: { team: "price_team", business: "price_business" }, publicUrl: "http://atrium.test" };

let counter = 0;
async function freshCustomer() {
  const n = ++counter;
  const org = await db.organization.create({ data: { name: `Shop ${n}`, slug: `shop-${n}`, plan: "free" }, select: { id: true } });
  await db.billingAccount.create({ data: { organizationId: org.id, stripeCustomerId: `cus_${n}` } });
  await db.membership.create({ data: { organizationId: org.id, userId: (await db.user.create({ data: { email: `owner${n}@shop.example`, name: "Owner" }, select: { id: true } })).id, role: "owner" } });
  return { organizationId: org.id, customer: `cus_${n}`, n };
}

interface Step {
  type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted";
  status: string;
  price: string;
}

function eventsFor(customer: string, sub: string, steps: readonly Step[], n: number, start: number) {
  return steps.map((step, i) => ({
    id: `evt_${n}_${i}`,
    object: "event",
    created: start + i * 7,
    livemode: false,
    type: step.type,
    data: {
      object: {
        id: sub,
        object: "subscription",
        customer,
        status: step.status,
        cancel_at_period_end: false,
        canceled_at: step.type === "customer.subscription.deleted" ? start + i * 7 : null,
        ended_at: null,
        metadata: {},
        items: { object: "list", data: [{ id: "si_x", price: { id: step.price }, quantity: 1, current_period_start: start, current_period_end: start + 2_592_000 }] },
      },
    },
  }));
}

async function deliver(event: object, signature?: string) {
  const payload = JSON.stringify(event);
  return receiveStripeWebhook(db, SECRET, { rawBody: Buffer.from(payload), signature: signature ?? Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }), meta: { ip: "203.0.113.9" } });
}

const STREAMS: { steps: Step[]; plan: "free" | "team" | "business"; status: string }[] = [
  {
    steps: [
      { type: "customer.subscription.created", status: "incomplete", price: "price_team" },
      { type: "customer.subscription.updated", status: "active", price: "price_team" },
      { type: "customer.subscription.updated", status: "active", price: "price_business" },
    ],
    plan: "business",
    status: "active",
  },
  {
    steps: [
      { type: "customer.subscription.created", status: "active", price: "price_business" },
      { type: "customer.subscription.updated", status: "past_due", price: "price_business" },
      { type: "customer.subscription.updated", status: "active", price: "price_team" },
      { type: "customer.subscription.deleted", status: "canceled", price: "price_team" },
    ],
    plan: "free",
    status: "canceled",
  },
];

describe("Stripe webhook signatures", () => {
  const event = { id: "evt_sig_1", object: "event", created: Math.floor(Date.now() / 1000), livemode: false, type: "ping.test", data: { object: { id: "x" } } };

  it("accepts a valid signature and stores the event once; a duplicate delivery changes nothing", async () => {
    expect(await deliver(event)).toEqual({ eventId: "evt_sig_1", type: "ping.test", duplicate: false });
    expect(await deliver(event)).toEqual({ eventId: "evt_sig_1", type: "ping.test", duplicate: true });
    expect(await db.stripeEvent.count({ where: { id: "evt_sig_1" } })).toBe(1);
  });

  it("refuses a tampered body and a stale timestamp with 400, auditing each refusal", async () => {
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const tampered = await receiveStripeWebhook(db, SECRET, { rawBody: Buffer.from(payload.replace("ping.test", "invoice.paid")), signature: header, meta: {} }).catch((e: unknown) => e);
    expect([(tampered as AppError).code, (tampered as AppError).status]).toEqual(["BAD_REQUEST", 400]);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 });
    const old = await receiveStripeWebhook(db, SECRET, { rawBody: Buffer.from(payload), signature: stale, meta: {} }).catch((e: unknown) => e);
    expect((old as AppError).status).toBe(400);
    const missing = await receiveStripeWebhook(db, SECRET, { rawBody: Buffer.from(payload), signature: undefined, meta: {} }).catch((e: unknown) => e);
    expect((missing as AppError).status).toBe(400);
    const audits = await db.auditEvent.findMany({ where: { action: "billing.webhook_rejected" }, select: { status: true, details: true } });
    expect(audits.map((a) => a.status)).toEqual(["denied", "denied", "denied"]);
    expect((audits[1]!.details as { reason: string }).reason).toMatch(/tolerance/i);
  });
});

describe("applying a subscription's events", () => {
  it("any delivery order, with duplicates, ends in the state of the newest event", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...STREAMS),
        fc.infiniteStream(fc.nat()),
        fc.array(fc.nat({ max: 3 }), { maxLength: 3 }),
        async (stream, randomness, duplicates) => {
          const { organizationId, customer, n } = await freshCustomer();
          const events = eventsFor(customer, `sub_${n}`, stream.steps, n, 1_790_000_000);
          // A random permutation (Fisher–Yates driven by fast-check), then some events delivered again.
          const order = [...events];
          const rand = randomness[Symbol.iterator]();
          for (let i = order.length - 1; i > 0; i--) {
            const j = rand.next().value! % (i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          for (const d of duplicates) if (d < order.length) order.push(order[d]!);
          for (const event of order) {
            await deliver(event);
            await processStripeEvent(db, context, event.id);
          }
          const sub = await db.stripeSubscription.findUniqueOrThrow({ where: { id: `sub_${n}` } });
          const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } });
          expect([sub.status, org.plan, sub.lastEventId]).toEqual([stream.status, stream.plan, events[events.length - 1]!.id]);
          expect(await db.stripeEvent.count({ where: { id: { in: events.map((e) => e.id) }, status: "pending" } })).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a late payment failure never reopens a paid invoice, and a failure flags the account and queues dunning mail once", async () => {
    const { organizationId, customer, n } = await freshCustomer();
    const invoice = (type: string, i: number, status: string) => ({
      id: `evt_inv_${n}_${i}`,
      object: "event",
      created: 1_790_000_000 + i,
      livemode: false,
      type,
      data: { object: { id: `in_${n}`, object: "invoice", customer, currency: "usd", number: `INV-${n}`, status, total: 4900, subtotal: 4900, amount_paid: status === "paid" ? 4900 : 0, created: 1_790_000_000, period_start: 1_790_000_000, period_end: 1_792_592_000, due_date: null, metadata: {}, status_transitions: { paid_at: status === "paid" ? 1_790_000_005 : null }, lines: { data: [{ amount: 4900, description: "Team", quantity: 1 }] } } },
    });
    const failed = invoice("invoice.payment_failed", 1, "open");
    const paid = invoice("invoice.paid", 2, "paid");
    await deliver(failed);
    await processStripeEvent(db, context, failed.id);
    const account = await db.billingAccount.findUniqueOrThrow({ where: { organizationId } });
    expect(account.paymentIssueReason).toBe("Card payment of $49.00 failed");
    expect(await db.emailOutbox.count({ where: { organizationId, template: "billing-payment-failed" } })).toBe(1);
    await deliver(paid);
    await processStripeEvent(db, context, paid.id);
    expect(await processStripeEvent(db, context, paid.id)).toBe("duplicate");
    // The failure delivered again later (new event id, older time) does not reopen it.
    const lateFailure = { ...failed, id: `evt_inv_${n}_late` };
    await deliver(lateFailure);
    expect(await processStripeEvent(db, context, lateFailure.id)).toBe("skipped");
    const row = await db.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: `in_${n}` } });
    expect([row.status, row.amountPaidMinor, row.totalMinor]).toEqual(["paid", 4900n, 4900n]);
    expect((await db.billingAccount.findUniqueOrThrow({ where: { organizationId } })).paymentIssueAt).toBe(null);
    expect(await db.emailOutbox.count({ where: { organizationId, template: "billing-payment-failed" } })).toBe(1);
  });
});
