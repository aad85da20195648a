/**
 * Output and input shapes of the CSM portal's customer-success procedures
 * (health, renewals, SLA), shared by the routers that answer with them.
 */
import { z } from "zod";
import { ZTicket } from "../support-schemas.ts";

export const ZRisk = z.enum(["low", "medium", "high"]).nullable();
export const ZBand = z.enum(["low", "medium", "high"]);
export const ZBands = z.object({ low: z.number(), medium: z.number(), high: z.number() });
export const ZTrend = z.enum(["up", "down", "flat"]).nullable();
/**
 * A calendar day, `YYYY-MM-DD`, from 1970 on: a day the calendar lacks (2026-02-30) or one
 * PostgreSQL cannot store (year 0) is refused with 400 here, never passed on as an invalid Date.
 */
export const ZDay = z.iso.date({ error: "Enter a date as YYYY-MM-DD." }).refine((day) => day >= "1970-01-01", { error: "Enter a date from 1970 on." });
export const ZCustomerInput = z.object({ organizationId: z.uuid() });

export const ZComponent = z.object({
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

export const ZHealthCard = z.object({
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

export const ZPortfolioRow = z.object({
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

export const ZNps = z.object({
  nps: z.number().nullable(),
  responses: z.number(),
  trend: z.array(z.object({ month: z.string(), nps: z.number(), responses: z.number() })),
  recent: z.array(z.object({ score: z.number(), comment: z.string(), respondent: z.string().nullable(), createdAt: z.date() })),
});

export const ZCustomer = z.object({
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

export const ZPipelineRow = z.object({
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
