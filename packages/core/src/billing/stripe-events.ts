/**
 * Applies stored Stripe events (the webhook inbox) exactly once in effect:
 * - each event is applied under a row lock on its inbox row and marked done in
 *   the same transaction, so a duplicate delivery or a rerun is a no-op;
 * - subscription events carry the whole subscription: the mirror keeps the
 *   newest event time applied and ignores older ones, and a canceled
 *   subscription never comes back, so late events never move state backwards;
 * - invoice events only move an invoice forward (draft → open → paid/void/
 *   uncollectible).
 * The organization's plan follows its live subscriptions (the highest plan of
 * those active, trialing or past due; free when none), unless it is under an
 * enterprise contract.
 */
import type { Db, Tx } from "@atrium/db";
import type { Plan } from "@atrium/rbac";
import type Stripe from "stripe";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { changePlan } from "../plans/change.ts";
import { billingRecipients, payerOf } from "./accounts.ts";
import { planForPrice, type PriceIds } from "./config.ts";
import { paymentFailedEmail } from "./emails.ts";
import { CURRENCIES, formatMoney, type Currency } from "./money.ts";
import { LIVE_SUBSCRIPTION_STATUSES } from "./subscriptions.ts";

const actor = systemActor("stripe-events");

export interface StripeEventContext {
  prices: PriceIds;
  /** Where users reach Atrium (links in e-mail). */
  publicUrl: string;
}

type Outcome = "processed" | "skipped";

const SUBSCRIPTION_STATUSES = ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"] as const;
const TERMINAL_SUBSCRIPTION = new Set(["canceled", "incomplete_expired"]);
const PLAN_RANK: Record<Plan, number> = { free: 0, team: 1, business: 2, enterprise: 3 };
const INVOICE_RANK = { draft: 0, open: 1, paid: 2, void: 2, uncollectible: 2 } as const;

async function organizationFor(tx: Tx, customerId: string | null, metadata: Record<string, string> | null | undefined): Promise<string | null> {
  if (customerId) {
    const account = await tx.billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { organizationId: true } });
    if (account) return account.organizationId;
  }
  const claimed = metadata?.["organization_id"];
  if (claimed && /^[0-9a-f-]{36}$/i.test(claimed)) {
    const org = await tx.organization.findUnique({ where: { id: claimed }, select: { id: true } });
    return org?.id ?? null;
  }
  return null;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));
const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** The plan the organization's live subscriptions pay for. */
async function syncPlan(tx: Tx, organizationId: string, reason: string): Promise<void> {
  const contract = await tx.contract.findFirst({ where: { organizationId, status: { in: ["active", "renewal_pending"] } }, select: { id: true } });
  if (contract) return;
  const live = await tx.stripeSubscription.findMany({ where: { organizationId, status: { in: [...LIVE_SUBSCRIPTION_STATUSES] } }, select: { plan: true } });
  const plan = live.reduce<Plan>((best, s) => (PLAN_RANK[s.plan] > PLAN_RANK[best] ? s.plan : best), "free");
  await changePlan(tx, actor, organizationId, plan, reason);
}

async function applySubscription(tx: Tx, event: Stripe.Event, context: StripeEventContext): Promise<Outcome> {
  const sub = event.data.object as Stripe.Subscription;
  const customerId = idOf(sub.customer);
  const organizationId = await organizationFor(tx, customerId, sub.metadata);
  if (!organizationId || !customerId) return "skipped";
  const item = sub.items.data[0];
  const priceId = item?.price.id ?? "";
  const plan = planForPrice(context.prices, priceId);
  if (!plan) return "skipped";
  const eventAt = new Date(event.created * 1000);
  const status = event.type === "customer.subscription.deleted" ? "canceled" : SUBSCRIPTION_STATUSES.find((s) => s === sub.status);
  if (!status) return "skipped";

  // Lock the mirror row (if any) so two events of one subscription apply one after the other.
  await tx.$executeRaw`SELECT 1 FROM stripe_subscriptions WHERE id = ${sub.id} FOR UPDATE`;
  const existing = await tx.stripeSubscription.findUnique({ where: { id: sub.id } });
  if (existing && (TERMINAL_SUBSCRIPTION.has(existing.status) || eventAt < existing.lastEventAt)) return "skipped";

  const account = await tx.billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  const billingAccountId =
    account?.id ??
    (
      await tx.billingAccount.upsert({
        where: { organizationId },
        create: { organizationId, stripeCustomerId: customerId },
        update: { stripeCustomerId: customerId },
        select: { id: true },
      })
    ).id;
  const data = {
    organizationId,
    billingAccountId,
    stripeCustomerId: customerId,
    status,
    plan,
    priceId,
    quantity: item?.quantity ?? 1,
    currentPeriodStart: at(item?.current_period_start),
    currentPeriodEnd: at(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    canceledAt: at(sub.canceled_at),
    endedAt: at(sub.ended_at),
    lastEventAt: eventAt,
    lastEventId: event.id,
  };
  await tx.stripeSubscription.upsert({ where: { id: sub.id }, create: { id: sub.id, ...data }, update: data, select: { id: true } });
  await recordAudit(tx, actor, {
    action: "billing.subscription_sync",
    organizationId,
    resource: { type: "subscription", id: sub.id },
    details: { event: event.type, eventId: event.id, status, plan, previousStatus: existing?.status ?? null, previousPlan: existing?.plan ?? null },
  });
  await syncPlan(tx, organizationId, `Stripe ${event.type} (${sub.id})`);
  return "processed";
}

async function applyInvoice(tx: Tx, event: Stripe.Event, context: StripeEventContext): Promise<Outcome> {
  const invoice = event.data.object as Stripe.Invoice;
  const customerId = idOf(invoice.customer);
  const organizationId = await organizationFor(tx, customerId, invoice.metadata ?? invoice.parent?.subscription_details?.metadata);
  const currency = invoice.currency.toLowerCase() as Currency;
  if (!organizationId || !invoice.id || !CURRENCIES.includes(currency)) return "skipped";
  const status = event.type === "invoice.paid" ? ("paid" as const) : ("open" as const);

  await tx.$executeRaw`SELECT 1 FROM invoices WHERE stripe_invoice_id = ${invoice.id} FOR UPDATE`;
  const existing = await tx.invoice.findUnique({ where: { stripeInvoiceId: invoice.id }, select: { id: true, status: true } });
  if (existing && INVOICE_RANK[existing.status] >= INVOICE_RANK[status]) return "skipped";

  const total = BigInt(invoice.total);
  const fields = {
    status,
    amountPaidMinor: BigInt(invoice.amount_paid),
    paidAt: status === "paid" ? at(invoice.status_transitions?.paid_at) ?? new Date(event.created * 1000) : null,
  };
  let invoiceId = existing?.id;
  if (existing) {
    await tx.invoice.update({ where: { id: existing.id }, data: fields, select: { id: true } });
  } else {
    const created = await tx.invoice.create({
      data: {
        organizationId,
        payerOrganizationId: await payerOf(tx, organizationId),
        source: "stripe",
        number: invoice.number ?? invoice.id,
        stripeInvoiceId: invoice.id,
        currency,
        subtotalMinor: total,
        totalMinor: total,
        periodStart: new Date((invoice.period_start ?? invoice.created) * 1000),
        periodEnd: new Date((invoice.period_end ?? invoice.created) * 1000),
        paymentTerms: "immediate",
        issuedAt: new Date(invoice.created * 1000),
        dueDate: new Date((invoice.due_date ?? invoice.created) * 1000),
        ...fields,
        lines: {
          create: (invoice.lines?.data ?? []).map((line, position) => ({
            organizationId,
            position,
            kind: "subscription" as const,
            description: line.description ?? "Subscription",
            quantity: BigInt(line.quantity ?? 1),
            unitAmountMinor: BigInt(line.amount),
            amountMinor: BigInt(line.amount),
          })),
        },
      },
      select: { id: true },
    });
    invoiceId = created.id;
  }

  const amount = formatMoney(total, currency);
  if (status === "paid") {
    const stillFailing = await tx.invoice.count({ where: { organizationId, source: "stripe", status: "open", id: { not: invoiceId! } } });
    if (!stillFailing) await tx.billingAccount.updateMany({ where: { organizationId }, data: { paymentIssueAt: null, paymentIssueReason: null } });
    await recordAudit(tx, actor, {
      action: "billing.payment_succeeded",
      organizationId,
      resource: { type: "invoice", id: invoiceId! },
      details: { stripeInvoiceId: invoice.id, amountMinor: total.toString(), currency, eventId: event.id },
    });
  } else {
    await tx.billingAccount.updateMany({
      where: { organizationId, paymentIssueAt: null },
      data: { paymentIssueAt: new Date(event.created * 1000), paymentIssueReason: `Card payment of ${amount} failed` },
    });
    const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } });
    const email = paymentFailedEmail({ organizationName: org.name, amount, billingUrl: `${context.publicUrl}/admin/orgs/${organizationId}/billing` });
    const recipients = await billingRecipients(tx, organizationId);
    for (const to of recipients) await enqueueEmail(tx, { ...email, to, organizationId });
    await recordAudit(tx, actor, {
      action: "billing.payment_failed",
      organizationId,
      resource: { type: "invoice", id: invoiceId! },
      details: { stripeInvoiceId: invoice.id, amountMinor: total.toString(), currency, eventId: event.id, dunningEmails: recipients.length },
    });
  }
  return "processed";
}

const HANDLERS: Record<string, (tx: Tx, event: Stripe.Event, context: StripeEventContext) => Promise<Outcome>> = {
  "customer.subscription.created": applySubscription,
  "customer.subscription.updated": applySubscription,
  "customer.subscription.deleted": applySubscription,
  "invoice.paid": applyInvoice,
  "invoice.payment_failed": applyInvoice,
};

/** Applies one stored event; returns what happened ("duplicate" when it was already done). */
export async function processStripeEvent(db: Db, context: StripeEventContext, eventId: string): Promise<Outcome | "duplicate" | "missing"> {
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ status: string; payload: Stripe.Event }[]>`
        SELECT status::text AS status, payload FROM stripe_events WHERE id = ${eventId} FOR UPDATE`;
      const row = rows[0];
      if (!row) return "missing" as const;
      if (row.status === "processed" || row.status === "skipped") return "duplicate" as const;
      const handler = HANDLERS[row.payload.type];
      const outcome = handler ? await handler(tx, row.payload, context) : "skipped";
      await tx.stripeEvent.update({ where: { id: eventId }, data: { status: outcome, processedAt: new Date(), attempts: { increment: 1 }, lastError: null }, select: { id: true } });
      return outcome;
    });
  } catch (error) {
    await db.stripeEvent.update({ where: { id: eventId }, data: { attempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 1000) }, select: { id: true } });
    throw error;
  }
}

/** Applies pending events oldest first (by Stripe's event time). */
export async function processPendingStripeEvents(db: Db, context: StripeEventContext, limit = 100): Promise<{ processed: number; skipped: number }> {
  const pending = await db.stripeEvent.findMany({ where: { status: "pending" }, orderBy: [{ stripeCreatedAt: "asc" }, { receivedAt: "asc" }], take: limit, select: { id: true } });
  let processed = 0;
  let skipped = 0;
  for (const { id } of pending) {
    const outcome = await processStripeEvent(db, context, id);
    if (outcome === "processed") processed++;
    else skipped++;
  }
  return { processed, skipped };
}
