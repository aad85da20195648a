/**
 * `analytics.usage.*` (mounted by the analytics router): usage analytics of
 * an organization — and with `subtree` its descendants — over a range of UTC
 * days, with the previous period of equal length when `compare`. Thin: input
 * schema → core (@atrium/core/analytics) → output schema. Days are
 * `YYYY-MM-DD` strings, quantities and money bigints (minor units, with their
 * currency), latency milliseconds, rates fractions 0–1 (null when undefined).
 *
 * Access: `analytics:read` on the organization asked for (the procedure chain:
 * NOT_FOUND outside it, FORBIDDEN without the permission). A subtree only ever
 * goes down from it, so a child cannot read its parent or its siblings.
 */
import {
  MAX_RANGE_DAYS,
  topResources,
  usageByOperation,
  usageCostByOperation,
  usageQuality,
  usageSummary,
} from "@atrium/core/analytics";
import { USAGE_METRICS } from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";

const DAY_MS = 86_400_000;
const ZDay = z.iso.date({ error: "Choose a date." });
const ZMetric = z.enum(USAGE_METRICS);
const ZCurrency = z.enum(["usd", "eur", "gbp"]);

/** The range every procedure takes: `to` on or after `from`, at most 366 days. */
export const ZUsageRangeInput = z
  .object({ from: ZDay, to: ZDay, compare: z.boolean().default(false), subtree: z.boolean().default(false) })
  .superRefine((v, ctx) => {
    const days = (Date.parse(v.to) - Date.parse(v.from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start date." });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `Choose a range of at most ${MAX_RANGE_DAYS} days.` });
  });

const ZPeriods = { from: ZDay, to: ZDay, previousFrom: ZDay, previousTo: ZDay };
const ZRate = z.number().min(0).max(1).nullable();
const ZMs = z.number().nonnegative().nullable();
const ZMetricFigures = z.object({ metric: ZMetric, events: z.number().int(), quantity: z.bigint() });

export const ZUsageSummary = z.object({
  ...ZPeriods,
  metrics: z.array(ZMetricFigures.extend({ previous: ZMetricFigures.nullable() })),
  daily: z.array(ZMetricFigures.extend({ day: ZDay })),
});

const ZOperationFigures = z.object({
  events: z.number().int(),
  errors: z.number().int(),
  errorRate: ZRate,
  p50Ms: ZMs,
  p95Ms: ZMs,
  quantity: z.partialRecord(ZMetric, z.bigint()),
});
export const ZUsageOperations = z.object({
  ...ZPeriods,
  operations: z.array(ZOperationFigures.extend({ operation: z.string(), previous: ZOperationFigures.nullable() })),
});

const ZCostRow = z.object({
  operation: z.string(),
  metric: ZMetric,
  currency: ZCurrency,
  quantity: z.bigint(),
  amountMinor: z.bigint(),
  previousAmountMinor: z.bigint().nullable(),
});
export const ZUsageCost = z.object({
  ...ZPeriods,
  rows: z.array(ZCostRow),
  totals: z.array(z.object({ currency: ZCurrency, amountMinor: z.bigint(), previousAmountMinor: z.bigint().nullable() })),
});

const ZQuality = z.object({ events: z.number().int(), errors: z.number().int(), errorRate: ZRate, p50Ms: ZMs, p95Ms: ZMs, p99Ms: ZMs });
export const ZUsageQuality = z.object({
  ...ZPeriods,
  totals: ZQuality.extend({ previous: ZQuality.nullable() }),
  daily: z.array(ZQuality.extend({ day: ZDay })),
});

export const ZTopResources = z.object({
  ...ZPeriods,
  resources: z.array(z.object({ resourceId: z.string(), operation: z.string(), events: z.number().int(), errors: z.number().int() })),
});

const read = permissionProcedure("analytics:read").input(ZUsageRangeInput);
const queryOf = (orgId: string, input: z.output<typeof ZUsageRangeInput>) => ({ organizationId: orgId, ...input });

export const analyticsUsageRouter = router({
  /** Events and quantity per metric: totals (and the previous period's) and a daily series. */
  summary: read.output(ZUsageSummary).query(({ ctx, input }) => usageSummary(ctx.db, queryOf(ctx.access.organization.id, input))),

  /** Per operation: events, quantity per metric, error rate, p50/p95 latency, and the previous period's. */
  operations: read.output(ZUsageOperations).query(({ ctx, input }) => usageByOperation(ctx.db, queryOf(ctx.access.organization.id, input))),

  /** Cost per operation and metric, priced as invoices are; a closed month adds up to its invoice's usage lines. */
  cost: read.output(ZUsageCost).query(({ ctx, input }) => usageCostByOperation(ctx.db, queryOf(ctx.access.organization.id, input))),

  /** Error rate and p50/p95/p99 latency per day and over the period. */
  quality: read.output(ZUsageQuality).query(({ ctx, input }) => usageQuality(ctx.db, queryOf(ctx.access.organization.id, input))),

  /** The resources with the most events, with their operation. */
  topResources: read
    .input(z.object({ limit: z.number().int().min(1).max(100).default(10) }))
    .output(ZTopResources)
    .query(({ ctx, input }) => topResources(ctx.db, queryOf(ctx.access.organization.id, input))),
});
