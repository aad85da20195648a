/**
 * The organization's billing (`billing.*`), for tenant admins: the plan and card
 * subscription here (overview, Stripe Checkout and Portal, plan change,
 * cancellation, billing contacts); its metered usage, invoices and contract in
 * the sub-routers beside this file. Card operations answer CONFLICT where
 * card billing is not configured.
 */
import { AppError } from "@atrium/core/errors";
import {
  billingSettings,
  currentSubscription,
  subscriptionPaymentIssue,
  openCustomerPortal,
  requestCancellation,
  requestPlanChange,
  startCheckout,
  updateBillingSettings,
  type StripeBilling,
} from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZOk, ok } from "../schemas.ts";
import { contractRouter } from "./contract.ts";
import { invoicesRouter } from "./invoices.ts";
import { ZCurrency } from "./schemas.ts";
import { usageRouter } from "./usage.ts";

const ZSelfServePlan = z.enum(["team", "business"]);


function stripeOf(billing: StripeBilling | null | undefined): StripeBilling {
  if (!billing) throw new AppError("CONFLICT", { userMessage: "Card billing is not configured on this installation." });
  return billing;
}

/**
 * Where the caller reached Atrium: the request's Origin (mutations only pass the
 * CSRF check from Atrium's own origin or host), else the configured public URL.
 */
function appOrigin(ctx: { req: { headers: Record<string, string | string[] | undefined> }; env: { ATRIUM_PUBLIC_URL: string } }): string {
  const origin = ctx.req.headers["origin"];
  return typeof origin === "string" && /^https?:\/\/[^/]+$/.test(origin) ? origin : ctx.env.ATRIUM_PUBLIC_URL;
}

/** Links back into the admin console after Checkout or the Portal (only our own origin). */
const ZReturnPath = z.string().regex(/^\/admin\/[A-Za-z0-9/_\-?=&.]*$/, "a path inside the admin console");

export const billingRouter = router({
  overview: permissionProcedure("billing:read")
    .output(
      z.object({
        plan: z.enum(["free", "team", "business", "enterprise"]),
        isEnterprise: z.boolean(),
        subscription: z.object({ id: z.string(), status: z.string(), plan: z.string(), currentPeriodEnd: z.date().nullable(), cancelAtPeriodEnd: z.boolean() }).nullable(),
        settings: z.object({
          billingName: z.string().nullable(),
          billingEmail: z.string().nullable(),
          billToParent: z.boolean(),
          currency: ZCurrency,
          payerOrganizationId: z.uuid(),
          hasParent: z.boolean(),
          paymentIssueAt: z.date().nullable(),
          paymentIssueReason: z.string().nullable(),
        }),
        cardBilling: z.boolean(),
        /** The card subscription's payment trouble: past due (Stripe retries) or unpaid (retries exhausted). */
        subscriptionIssue: z.enum(["past_due", "unpaid"]).nullable(),
      }),
    )
    .query(async ({ ctx }) => {
      const id = ctx.access.organization.id;
      const org = await ctx.db.organization.findUniqueOrThrow({ where: { id }, select: { plan: true, isEnterprise: true } });
      return {
        plan: org.plan,
        isEnterprise: org.isEnterprise,
        subscription: await currentSubscription(ctx.db, id),
        settings: await billingSettings(ctx.db, id),
        cardBilling: !!ctx.billing,
        subscriptionIssue: await subscriptionPaymentIssue(ctx.db, id),
      };
    }),

  checkout: permissionProcedure("billing:change_plan")
    .input(z.object({ plan: ZSelfServePlan, returnPath: ZReturnPath }))
    .output(z.object({ url: z.url() }))
    .mutation(async ({ ctx, input }) => {
      const back = `${appOrigin(ctx)}${input.returnPath}`;
      const sep = back.includes("?") ? "&" : "?";
      const { url } = await startCheckout(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, {
        plan: input.plan,
        successUrl: `${back}${sep}checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${back}${sep}checkout=cancelled`,
      });
      return { url };
    }),

  portal: permissionProcedure("billing:update_payment_method")
    .input(z.object({ returnPath: ZReturnPath }))
    .output(z.object({ url: z.url() }))
    .mutation(({ ctx, input }) => openCustomerPortal(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, `${appOrigin(ctx)}${input.returnPath}`)),

  changePlan: permissionProcedure("billing:change_plan")
    .input(z.object({ plan: ZSelfServePlan }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(requestPlanChange(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, input.plan))),

  cancel: permissionProcedure("billing:cancel")
    .input(z.object({ atPeriodEnd: z.boolean().default(true) }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(requestCancellation(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, input))),

  updateSettings: permissionProcedure("billing:manage_contacts")
    .input(z.object({ billingName: z.string().trim().min(1).max(200).nullable(), billingEmail: z.email().max(254).nullable(), billToParent: z.boolean() }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      const { billingName, billingEmail, billToParent } = input;
      await updateBillingSettings(ctx.db, ctx.actor, ctx.access.organization.id, { billingName, billingEmail, billToParent });
      return { ok: true as const };
    }),

  usage: usageRouter,
  invoices: invoicesRouter,
  contract: contractRouter,
});
