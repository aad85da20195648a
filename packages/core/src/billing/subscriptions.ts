/**
 * Self-serve subscriptions (team, business) through Stripe: a customer per
 * billing account, Checkout to subscribe, the Customer Portal for the card,
 * plan changes and cancellation. Nothing here changes the plan: Stripe's
 * webhooks do, through the stripe-events job (stripe-events.ts), so the plan
 * always follows what Stripe says was paid for.
 */
import type { Db } from "@atrium/db";
import type Stripe from "stripe";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { ensureBillingAccount } from "./accounts.ts";
import type { SelfServePlan, StripeBilling } from "./config.ts";

export const LIVE_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due"] as const;

function stripeUnavailable(error: unknown): AppError {
  return new AppError("CONFLICT", { userMessage: "The payment provider could not be reached. Try again in a minute.", message: (error as Error).message, cause: error });
}

async function liveSubscription(db: Db, organizationId: string) {
  return db.stripeSubscription.findFirst({
    where: { organizationId, status: { in: [...LIVE_SUBSCRIPTION_STATUSES] } },
    orderBy: { lastEventAt: "desc" },
  });
}

async function selfServeOrg(db: Db, organizationId: string) {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, isEnterprise: true } });
  if (!org) throw notFound("The organization");
  const contract = await db.contract.findFirst({ where: { organizationId, status: { in: ["active", "renewal_pending"] } }, select: { id: true } });
  if (org.isEnterprise || contract) {
    throw new AppError("CONFLICT", { userMessage: "This organization is billed under an enterprise contract; contact your account team to change it." });
  }
  return org;
}

/** The Stripe customer of the organization's billing account, created (idempotently) on first use. */
async function ensureCustomer(db: Db, billing: StripeBilling, organizationId: string, name: string): Promise<string> {
  const account = await ensureBillingAccount(db, organizationId);
  if (account.stripeCustomerId) return account.stripeCustomerId;
  let customer: Stripe.Customer;
  try {
    customer = await billing.stripe.customers.create(
      { name: account.billingName ?? name, ...(account.billingEmail ? { email: account.billingEmail } : {}), metadata: { organization_id: organizationId } },
      { idempotencyKey: `atrium-customer-${organizationId}` },
    );
  } catch (error) {
    throw stripeUnavailable(error);
  }
  await db.billingAccount.updateMany({ where: { organizationId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const saved = await db.billingAccount.findUniqueOrThrow({ where: { organizationId }, select: { stripeCustomerId: true } });
  return saved.stripeCustomerId!;
}

export async function startCheckout(
  db: Db,
  billing: StripeBilling,
  actor: Actor,
  organizationId: string,
  input: { plan: SelfServePlan; successUrl: string; cancelUrl: string },
): Promise<{ url: string; sessionId: string }> {
  const org = await selfServeOrg(db, organizationId);
  if (await liveSubscription(db, organizationId)) {
    throw new AppError("CONFLICT", { userMessage: "This organization already has a subscription; change its plan instead." });
  }
  const customer = await ensureCustomer(db, billing, organizationId, org.name);
  let session: Stripe.Checkout.Session;
  try {
    session = await billing.stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: organizationId,
      line_items: [{ price: billing.prices[input.plan], quantity: 1 }],
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      metadata: { organization_id: organizationId, plan: input.plan },
      subscription_data: { metadata: { organization_id: organizationId, plan: input.plan } },
    });
  } catch (error) {
    throw stripeUnavailable(error);
  }
  await recordAudit(db, actor, {
    action: "billing.checkout_start",
    organizationId,
    resource: { type: "checkout_session", id: session.id },
    details: { plan: input.plan, priceId: billing.prices[input.plan] },
  });
  if (!session.url) throw stripeUnavailable(new Error("checkout session without url"));
  return { url: session.url, sessionId: session.id };
}

export async function openCustomerPortal(db: Db, billing: StripeBilling, actor: Actor, organizationId: string, returnUrl: string): Promise<{ url: string }> {
  const account = await db.billingAccount.findUnique({ where: { organizationId }, select: { id: true, stripeCustomerId: true } });
  if (!account?.stripeCustomerId) throw new AppError("CONFLICT", { userMessage: "There is no card on file yet; subscribe to a plan first." });
  let session: Stripe.BillingPortal.Session;
  try {
    session = await billing.stripe.billingPortal.sessions.create({ customer: account.stripeCustomerId, return_url: returnUrl });
  } catch (error) {
    throw stripeUnavailable(error);
  }
  await recordAudit(db, actor, { action: "billing.portal_open", organizationId, resource: { type: "billing_account", id: account.id } });
  return { url: session.url };
}

export async function requestPlanChange(db: Db, billing: StripeBilling, actor: Actor, organizationId: string, plan: SelfServePlan): Promise<void> {
  await selfServeOrg(db, organizationId);
  const sub = await liveSubscription(db, organizationId);
  if (!sub) throw new AppError("CONFLICT", { userMessage: "There is no subscription to change; subscribe through Checkout first." });
  if (sub.plan === plan && !sub.cancelAtPeriodEnd) throw new AppError("CONFLICT", { userMessage: `The subscription is already on the ${plan} plan.` });
  try {
    const current = await billing.stripe.subscriptions.retrieve(sub.id);
    const item = current.items.data[0];
    if (!item) throw new Error(`subscription ${sub.id} has no items`);
    await billing.stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: billing.prices[plan] }],
      proration_behavior: "create_prorations",
      cancel_at_period_end: false,
      metadata: { organization_id: organizationId, plan },
    });
  } catch (error) {
    throw stripeUnavailable(error);
  }
  await recordAudit(db, actor, {
    action: "billing.plan_change_request",
    organizationId,
    resource: { type: "subscription", id: sub.id },
    details: { from: sub.plan, to: plan },
  });
}

export async function requestCancellation(db: Db, billing: StripeBilling, actor: Actor, organizationId: string, input: { atPeriodEnd: boolean }): Promise<void> {
  const sub = await liveSubscription(db, organizationId);
  if (!sub) throw new AppError("CONFLICT", { userMessage: "There is no active subscription to cancel." });
  try {
    if (input.atPeriodEnd) await billing.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    else await billing.stripe.subscriptions.cancel(sub.id);
  } catch (error) {
    throw stripeUnavailable(error);
  }
  await recordAudit(db, actor, {
    action: "billing.cancel_request",
    organizationId,
    resource: { type: "subscription", id: sub.id },
    details: { plan: sub.plan, atPeriodEnd: input.atPeriodEnd },
  });
}

export interface SubscriptionSummary {
  id: string;
  status: string;
  plan: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export async function currentSubscription(db: Db, organizationId: string): Promise<SubscriptionSummary | null> {
  const sub = await liveSubscription(db, organizationId);
  return sub ? { id: sub.id, status: sub.status, plan: sub.plan, currentPeriodEnd: sub.currentPeriodEnd, cancelAtPeriodEnd: sub.cancelAtPeriodEnd } : null;
}

/**
 * The card subscription's payment trouble, for the console's banner: past due (a payment failed,
 * Stripe retries) or unpaid (retries exhausted; no longer a live subscription). Null otherwise.
 */
export async function subscriptionPaymentIssue(db: Db, organizationId: string): Promise<"past_due" | "unpaid" | null> {
  const sub = await db.stripeSubscription.findFirst({ where: { organizationId, endedAt: null }, orderBy: { createdAt: "desc" }, select: { status: true } });
  return sub?.status === "past_due" || sub?.status === "unpaid" ? sub.status : null;
}
