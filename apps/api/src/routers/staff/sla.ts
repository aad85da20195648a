/**
 * Measured SLA per customer and month in the CSM portal: the last 24 months,
 * and recording a month (core's recordSlaMonth writes it with its audit).
 */
import { recordSlaMonth, visibleCustomer } from "@atrium/core/staff";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZCustomerInput } from "./health-schemas.ts";
import { ZOk, ok } from "../schemas.ts";

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
    .mutation(({ ctx, input }) => ok(recordSlaMonth(ctx.db, ctx.staff, ctx.actor, input))),
});
