import { AppError } from "@atrium/core/errors";
import {
  billingSettings,
  consolidatedBilling,
  currentSubscription,
  subscriptionPaymentIssue,
  invoiceDetail,
  listOrgInvoices,
  meteredQuotas,
  openCustomerPortal,
  recordUsage,
  requestCancellation,
  requestPlanChange,
  startCheckout,
  tenantContract,
  updateBillingSettings,
  usageSeries,
  USAGE_METRICS,
  ZUsageDimensions,
  type StripeBilling,
} from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZOk } from "./schemas.ts";

const ZCurrency = z.enum(["usd", "eur", "gbp"]);
const ZMetric = z.enum(USAGE_METRICS);
const ZSelfServePlan = z.enum(["team", "business"]);

export const ZInvoiceRow = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  payerOrganizationId: z.uuid(),
  source: z.enum(["contract", "stripe", "manual"]),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: ZCurrency,
  totalMinor: z.bigint(),
  amountPaidMinor: z.bigint(),
  periodStart: z.date(),
  periodEnd: z.date(),
  issuedAt: z.date().nullable(),
  dueDate: z.date().nullable(),
  paidAt: z.date().nullable(),
  overdue: z.boolean(),
  poNumber: z.string().nullable(),
});

export const ZInvoiceDetail = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: ZCurrency,
  subtotalMinor: z.bigint(),
  taxMinor: z.bigint(),
  totalMinor: z.bigint(),
  amountPaidMinor: z.bigint(),
  periodStart: z.date(),
  periodEnd: z.date(),
  issuedAt: z.date().nullable(),
  dueDate: z.date().nullable(),
  poNumber: z.string().nullable(),
  paymentTerms: z.string(),
  organizationId: z.uuid(),
  payerOrganizationId: z.uuid(),
  organizationNames: z.record(z.string(), z.string()),
  lines: z.array(
    z.object({
      organizationId: z.uuid(),
      kind: z.string(),
      description: z.string(),
      metric: ZMetric.nullable(),
      quantity: z.bigint(),
      unitAmountMinor: z.bigint(),
      unitSize: z.number().int(),
      amountMinor: z.bigint(),
    }),
  ),
});

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
    .mutation(async ({ ctx, input }) => {
      await requestPlanChange(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, input.plan);
      return { ok: true as const };
    }),

  cancel: permissionProcedure("billing:cancel")
    .input(z.object({ atPeriodEnd: z.boolean().default(true) }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await requestCancellation(ctx.db, stripeOf(ctx.billing), ctx.actor, ctx.access.organization.id, input);
      return { ok: true as const };
    }),

  updateSettings: permissionProcedure("billing:manage_contacts")
    .input(z.object({ billingName: z.string().trim().min(1).max(200).nullable(), billingEmail: z.email().max(254).nullable(), billToParent: z.boolean() }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      const { billingName, billingEmail, billToParent } = input;
      await updateBillingSettings(ctx.db, ctx.actor, ctx.access.organization.id, { billingName, billingEmail, billToParent });
      return { ok: true as const };
    }),

  invoices: permissionProcedure("billing:read_invoices")
    .output(z.array(ZInvoiceRow))
    .query(({ ctx }) => listOrgInvoices(ctx.db, ctx.access.organization.id)),

  invoice: permissionProcedure("billing:read_invoices")
    .input(z.object({ invoiceId: z.uuid() }))
    .output(ZInvoiceDetail)
    .query(({ ctx, input }) => invoiceDetail(ctx.db, input.invoiceId, ctx.access.organization.id)),

  contract: permissionProcedure("contracts:read")
    .output(
      z
        .object({
          id: z.uuid(),
          name: z.string(),
          status: z.enum(["active", "expired", "cancelled", "renewal_pending"]),
          currency: ZCurrency,
          seats: z.number().int(),
          startDate: z.date(),
          endDate: z.date(),
          renewalDate: z.date(),
          daysToRenewal: z.number().int(),
          paymentTerms: z.string(),
          billingCycle: z.string(),
          poNumber: z.string().nullable(),
          sla: z.object({ uptimePercent: z.number().nullable(), p99LatencyMs: z.number().int().nullable(), supportLevel: z.string() }),
          csmName: z.string().nullable(),
          accountExecutiveName: z.string().nullable(),
          pricing: z.null(),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const contract = await tenantContract(ctx.db, ctx.access.organization.id, false);
      return contract && { ...contract, pricing: null };
    }),

  contractPricing: permissionProcedure("contracts:read_pricing")
    .output(
      z
        .object({
          currency: ZCurrency,
          annualValueMinor: z.bigint(),
          seatPriceMinor: z.bigint(),
          committedAmountMinor: z.bigint(),
          usagePrices: z.record(z.string(), z.object({ unitAmountMinor: z.number(), unitSize: z.number() })),
          volumeTiers: z.array(z.object({ metric: z.string(), upTo: z.number().nullable(), unitAmountMinor: z.number(), unitSize: z.number() })),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const contract = await tenantContract(ctx.db, ctx.access.organization.id, true);
      return contract?.pricing ? { currency: contract.currency, ...contract.pricing } : null;
    }),
});

const ZQuota = z.object({ metric: ZMetric, label: z.string(), used: z.bigint(), limit: z.number().nullable(), softLimit: z.number().nullable(), status: z.enum(["ok", "warn", "full"]) });

export const usageRouter = router({
  quotas: permissionProcedure("quotas:read")
    .output(z.array(ZQuota))
    .query(({ ctx }) => meteredQuotas(ctx.db, ctx.access.organization.id)),

  series: permissionProcedure("usage:read")
    .input(z.object({ days: z.number().int().min(7).max(366).default(90) }))
    .output(z.array(z.object({ day: z.string(), metric: ZMetric, quantity: z.bigint() })))
    .query(({ ctx, input }) => usageSeries(ctx.db, ctx.access.organization.id, input.days)),

  consolidated: permissionProcedure("usage:read")
    .input(z.object({ days: z.number().int().min(1).max(366).default(30) }))
    .output(
      z.object({
        from: z.string(),
        to: z.string(),
        rows: z.array(
          z.object({
            organizationId: z.uuid(),
            name: z.string(),
            depth: z.number().int(),
            parentId: z.uuid().nullable(),
            payerOrganizationId: z.uuid(),
            usage: z.record(ZMetric, z.bigint()),
            costMinor: z.partialRecord(ZCurrency, z.bigint()),
          }),
        ),
        totals: z.object({ usage: z.record(ZMetric, z.bigint()), costMinor: z.partialRecord(ZCurrency, z.bigint()) }),
      }),
    )
    .query(({ ctx, input }) => {
      const to = new Date();
      return consolidatedBilling(ctx.db, ctx.access.organization.id, { from: new Date(to.getTime() - (input.days - 1) * 86_400_000), to });
    }),

  /** Report metered usage (an API key with usage:record, typically). The idempotency key makes retries safe. */
  record: permissionProcedure("usage:record")
    .input(z.object({ metric: ZMetric, quantity: z.bigint().min(0n).max(10n ** 12n), idempotencyKey: z.string().min(1).max(200), occurredAt: z.date().optional(), ...ZUsageDimensions.shape }))
    .output(z.object({ recorded: z.boolean(), duplicate: z.boolean(), used: z.bigint(), limit: z.number().nullable(), status: z.enum(["ok", "warn", "full"]) }))
    .mutation(({ ctx, input }) => recordUsage(ctx.db, ctx.actor, ctx.access.organization.id, input, { publicUrl: ctx.env.ATRIUM_PUBLIC_URL })),
});
