/**
 * Stripe settings, as a zod shape each app's env.ts composes (nothing here
 * reads process.env). Without STRIPE_SECRET_KEY outside production, Atrium
 * runs against its local Stripe-compatible server (see apps/api/src/dev/
 * billing-stripe-local.ts); the SDK and the code path are the same.
 */
import Stripe from "stripe";
import { z } from "zod";

export const ZStripeEnv = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "a Stripe secret key (sk_live_… / sk_test_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, "a webhook signing secret (whsec_…)").optional(),
  STRIPE_PRICE_TEAM: z.string().min(1).default("price_atrium_team_monthly"),
  STRIPE_PRICE_BUSINESS: z.string().min(1).default("price_atrium_business_monthly"),
});
export type StripeEnv = z.infer<typeof ZStripeEnv>;

export const SELF_SERVE_PLANS = ["team", "business"] as const;
export type SelfServePlan = (typeof SELF_SERVE_PLANS)[number];

/** The development secrets of the local Stripe server; refused in production. */
export const LOCAL_STRIPE_SECRET_KEY = "sk_test_atrium_local";
export const LOCAL_STRIPE_WEBHOOK_SECRET = "whsec_atrium_local";

export interface PriceIds {
  team: string;
  business: string;
}

export const priceIdsOf = (env: StripeEnv): PriceIds => ({ team: env.STRIPE_PRICE_TEAM, business: env.STRIPE_PRICE_BUSINESS });

/** The plan a Stripe price id sells, or null for a price Atrium does not know. */
export function planForPrice(prices: PriceIds, priceId: string): SelfServePlan | null {
  if (priceId === prices.team) return "team";
  if (priceId === prices.business) return "business";
  return null;
}

export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: "http" | "https";
}

/** The official SDK; `endpoint` points it at another Stripe-compatible host (the local server). */
export function createStripeClient(secretKey: string, endpoint?: StripeEndpoint): Stripe {
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(endpoint ? { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol } : {}),
  });
}

/** What billing services need to talk to Stripe. */
export interface StripeBilling {
  stripe: Stripe;
  webhookSecret: string;
  prices: PriceIds;
}

/** A Stripe-Signature header for a payload, as Stripe computes it (used by the local server and tests). */
export function signWebhookPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}
