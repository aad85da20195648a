/**
 * The CSM portal's customer-success procedures for platform staff: the
 * portfolio, one customer's detail, health configuration, recompute and
 * backtest, the renewals pipeline, SLA records and CSM assignments. Each
 * names a staff permission; customers outside the caller's scope are 404.
 */
import { AppError } from "@atrium/core/errors";
import {
  backtest,
  COMPONENT_LABELS,
  COMPONENTS,
  customerDetail,
  healthConfig,
  portfolio,
  previewHealthConfig,
  recomputeHealth,
  recordRenewalOutcome,
  setHealthConfig,
  ZHealthConfig,
} from "@atrium/core/health";
import { listStaffTickets, npsSummary } from "@atrium/core/support";
import { recordAudit } from "@atrium/core/audit";
import { renewalPipeline } from "@atrium/core/renewals";
import { STAFF_PERMISSIONS, type StaffPermission } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { staffProcedure } from "../trpc/procedures.ts";
import { staffPermissionProcedure } from "../trpc/staff.ts";
import { ZTicket } from "./support-schemas.ts";
import { assignCustomer, loadStaff, recordSlaMonth, visibleCustomer } from "@atrium/core/staff";
import { ZOk } from "./schemas.ts";

const ZRisk = z.enum(["low", "medium", "high"]).nullable();
const ZBand = z.enum(["low", "medium", "high"]);
const ZBands = z.object({ low: z.number(), medium: z.number(), high: z.number() });
const ZTrend = z.enum(["up", "down", "flat"]).nullable();
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZCustomerInput = z.object({ organizationId: z.uuid() });

const ZComponent = z.object({
  key: z.string(),
  label: z.string(),
  weight: z.number(),
  score: z.number().nullable(),
  impact: z.number(),
  value: z.string(),
  reason: z.string(),
  applies: z.boolean(),
  inputs: z.record(z.string(), z.unknown()),
});

const ZHealthCard = z.object({
  score: z.number().nullable(),
  ownScore: z.number().nullable(),
  risk: ZRisk,
  trend: ZTrend,
  scoredOn: z.string().nullable(),
  computedAt: z.date().nullable(),
  breakdown: z.array(ZComponent),
  rollup: z.object({ rule: z.string(), organizations: z.number(), subtreeArrMinor: z.number(), ownArrMinor: z.number() }).nullable(),
  sparkline: z.array(z.object({ week: z.string(), score: z.number() })),
  history: z.array(z.object({ day: z.string(), score: z.number() })),
});

const ZPortfolioRow = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  plan: z.string(),
  score: z.number().nullable(),
  risk: ZRisk,
  trend: ZTrend,
  sparkline: z.array(z.number()),
  arrMinor: z.number(),
  currency: z.string().nullable(),
  users: z.number(),
  renewalDate: z.string().nullable(),
  csm: z.string().nullable(),
  reasons: z.array(z.string()),
});

const ZNps = z.object({
  nps: z.number().nullable(),
  responses: z.number(),
  trend: z.array(z.object({ month: z.string(), nps: z.number(), responses: z.number() })),
  recent: z.array(z.object({ score: z.number(), comment: z.string(), respondent: z.string().nullable(), createdAt: z.date() })),
});

const ZCustomer = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  plan: z.string(),
  parentId: z.string().nullable(),
  health: ZHealthCard,
  contract: z
    .object({
      id: z.uuid(),
      name: z.string(),
      status: z.string(),
      currency: z.string(),
      annualValueMinor: z.number(),
      seats: z.number(),
      startDate: z.string(),
      renewalDate: z.string(),
      endDate: z.string(),
      slaUptimePercent: z.number().nullable(),
      slaP99LatencyMs: z.number().nullable(),
      supportLevel: z.string(),
      csm: z.string().nullable(),
      billingContacts: z.array(z.string()),
    })
    .nullable(),
  children: z.array(z.object({ id: z.uuid(), name: z.string(), depth: z.number(), score: z.number().nullable(), risk: ZRisk, arrMinor: z.number() })),
  usage: z.array(z.object({ day: z.string(), apiCalls: z.number(), operations: z.number(), activeUsers: z.number() })),
  activity: z.array(z.object({ occurredAt: z.date(), action: z.string(), label: z.string(), actor: z.string().nullable(), status: z.string(), organization: z.string() })),
  tickets: z.array(ZTicket),
  nps: ZNps,
});

const ZPipelineRow = z.object({
  contractId: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  renewalDate: z.string(),
  daysLeft: z.number(),
  window: z.enum(["0-30", "31-60", "61-90"]),
  arrMinor: z.number(),
  currency: z.string(),
  status: z.string(),
  score: z.number().nullable(),
  risk: ZRisk,
  csm: z.string().nullable(),
  remindersSent: z.array(z.number()),
});

export const staffRouter = router({
  /** Who the caller is as staff: role, scope and permissions (the portal hides what they cannot do). */
  me: staffProcedure
    .output(z.object({ role: z.string(), scope: z.enum(["all", "assigned"]), permissions: z.array(z.string()) }))
    .query(async ({ ctx }) => {
      const staff = await loadStaff(ctx.db, ctx.user);
      if (!staff) throw new AppError("FORBIDDEN", { userMessage: "This area is for platform staff." });
      return { role: staff.role, scope: staff.scope, permissions: [...staff.permissions] };
    }),

  /** Platform staff who can be assigned tickets and customers. */
  people: staffPermissionProcedure("portfolio:read")
    .output(z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), platformRole: z.string() })))
    .query(async ({ ctx }) => {
      const rows = await ctx.db.user.findMany({ where: { platformRole: { not: null }, status: "active" }, select: { id: true, name: true, email: true, platformRole: true }, orderBy: { name: "asc" } });
      return rows.map((r) => ({ ...r, platformRole: r.platformRole! }));
    }),

  assign: staffPermissionProcedure("assignments:manage")
    .input(z.object({ organizationId: z.uuid(), csmUserId: z.uuid() }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await assignCustomer(ctx.db, ctx.staff, ctx.actor, input);
      return { ok: true as const };
    }),

  permissions: staffProcedure
    .output(z.array(z.object({ name: z.string(), description: z.string() })))
    .query(() => (Object.keys(STAFF_PERMISSIONS) as StaffPermission[]).map((name) => ({ name, description: STAFF_PERMISSIONS[name] }))),
});

export const healthRouter = router({
  portfolio: staffPermissionProcedure("portfolio:read")
    .output(z.array(ZPortfolioRow))
    .query(({ ctx }) => portfolio(ctx.db, ctx.staff)),

  customer: staffPermissionProcedure("portfolio:read")
    .input(ZCustomerInput)
    .output(ZCustomer)
    .query(async ({ ctx, input }) => {
      const detail = await customerDetail(ctx.db, ctx.staff, input.organizationId);
      const tickets = await listStaffTickets(ctx.db, ctx.staff, { organizationId: input.organizationId });
      return { ...detail, tickets, nps: await npsSummary(ctx.db, input.organizationId) };
    }),

  /** Recompute one customer's tree now (the same statement as the nightly job). */
  recompute: staffPermissionProcedure("health:recompute")
    .input(ZCustomerInput)
    .output(z.object({ organizations: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const customer = await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      return ctx.db.$transaction(async (tx) => {
        const organizations = await recomputeHealth(tx, { organizationId: input.organizationId });
        await recordAudit(tx, ctx.actor, { action: "health.recompute", organizationId: customer.rootId, resource: { type: "organization", id: input.organizationId }, details: { organizations } });
        return { organizations };
      });
    }),

  /** The configuration in force, with each component's name in the order the editor shows them. */
  config: staffPermissionProcedure("portfolio:read")
    .output(ZHealthConfig.and(z.object({ updatedAt: z.date(), components: z.array(z.object({ key: z.enum(COMPONENTS), label: z.string() })) })))
    .query(async ({ ctx }) => ({ ...(await healthConfig(ctx.db)), components: COMPONENTS.map((key) => ({ key, label: COMPONENT_LABELS[key] })) })),

  setConfig: staffPermissionProcedure("health:configure")
    .input(ZHealthConfig)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await setHealthConfig(ctx.db, ctx.actor, input);
      return { ok: true as const };
    }),

  /** What saving this configuration would do today: customers per risk band before and after, and who moves. Nothing is kept. */
  previewConfig: staffPermissionProcedure("health:configure")
    .input(ZHealthConfig)
    .output(
      z.object({
        customers: z.number(),
        bandsBefore: ZBands,
        bandsAfter: ZBands,
        changed: z.array(z.object({ organizationId: z.uuid(), name: z.string(), scoreBefore: z.number(), riskBefore: ZBand, scoreAfter: z.number(), riskAfter: ZBand })),
      }),
    )
    .query(({ ctx, input }) => previewHealthConfig(ctx.db, input)),

  backtest: staffPermissionProcedure("portfolio:read")
    .input(z.object({ leadDays: z.number().int().min(0).max(365).default(90) }).default({ leadDays: 90 }))
    .output(
      z.object({
        leadDays: z.number(),
        samples: z.number(),
        renewed: z.number(),
        churned: z.number(),
        unscored: z.number(),
        auc: z.number().nullable(),
        calibration: z.array(z.object({ band: z.string(), customers: z.number(), expectedRenewalRate: z.number().nullable(), actualRenewalRate: z.number().nullable(), churned: z.number() })),
      }),
    )
    .query(({ ctx, input }) => backtest(ctx.db, input.leadDays)),

  recordOutcome: staffPermissionProcedure("health:record_outcome")
    .input(z.object({ organizationId: z.uuid(), renewalDate: ZDay, outcome: z.enum(["renewed", "churned"]) }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      await recordRenewalOutcome(ctx.db, ctx.actor, input.organizationId, input.renewalDate, input.outcome);
      return { ok: true as const };
    }),
});

export const renewalsRouter = router({
  pipeline: staffPermissionProcedure("renewals:read")
    .output(
      z.object({
        rows: z.array(ZPipelineRow),
        windows: z.array(z.object({ window: z.enum(["0-30", "31-60", "61-90"]), contracts: z.number(), arrMinor: z.number(), arrAtRiskMinor: z.number() })),
        arrAtRiskMinor: z.number(),
      }),
    )
    .query(({ ctx }) => renewalPipeline(ctx.db, ctx.staff)),
});

/**
 * One month's measured SLA: a month that has started (a month still to come has
 * nothing measured), uptime as a percentage with at most three decimals
 * (99.995), p99 latency in whole milliseconds up to ten minutes.
 */
export const ZSlaMonth = z.object({
  organizationId: z.uuid(),
  month: z
    .string()
    .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { error: "Enter the month as YYYY-MM, for example 2026-11.", abort: true })
    .refine((m) => m <= new Date().toISOString().slice(0, 7), { error: "This month has not started yet: nothing has been measured." }),
  uptimePct: z
    .number({ error: "Enter the measured uptime." })
    .min(0, { error: "Uptime is a percentage from 0 to 100." })
    .max(100, { error: "Uptime is a percentage from 0 to 100." })
    .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, { error: "Uptime has at most three decimals (99.995)." }),
  p99LatencyMs: z
    .number({ error: "Enter the measured p99 latency." })
    .int({ error: "Enter the latency in whole milliseconds." })
    .min(0, { error: "Latency cannot be negative." })
    .max(600_000, { error: "Latency is at most 600,000 ms (ten minutes)." }),
});

export const slaRouter = router({
  list: staffPermissionProcedure("portfolio:read")
    .input(ZCustomerInput)
    .output(z.array(z.object({ month: z.string(), uptimePct: z.number(), p99LatencyMs: z.number(), recordedAt: z.date() })))
    .query(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      const rows = await ctx.db.slaMonthly.findMany({ where: { organizationId: input.organizationId }, orderBy: { month: "desc" }, take: 24 });
      return rows.map((r) => ({ month: r.month.toISOString().slice(0, 7), uptimePct: r.uptimePct, p99LatencyMs: r.p99LatencyMs, recordedAt: r.recordedAt }));
    }),

  record: staffPermissionProcedure("sla:record")
    .input(ZSlaMonth)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await recordSlaMonth(ctx.db, ctx.staff, ctx.actor, input);
      return { ok: true as const };
    }),
});
