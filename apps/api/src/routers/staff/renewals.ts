/**
 * Renewals in the CSM portal: the pipeline of contracts renewing in the next
 * 90 days, and recording a renewal's outcome (which the health backtest reads).
 */
import { recordRenewalOutcome } from "@atrium/core/health";
import { renewalPipeline } from "@atrium/core/renewals";
import { visibleCustomer } from "@atrium/core/staff";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZDay, ZPipelineRow } from "./health-schemas.ts";
import { ZOk } from "../schemas.ts";

/** Record whether a renewal renewed or churned (once per renewal; CONFLICT after). Served as `staff.health.recordOutcome`. */
export const recordOutcome = staffPermissionProcedure("health:record_outcome")
  .input(z.object({ organizationId: z.uuid(), renewalDate: ZDay, outcome: z.enum(["renewed", "churned"]) }))
  .output(ZOk)
  .mutation(async ({ ctx, input }) => {
    await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
    await recordRenewalOutcome(ctx.db, ctx.actor, input.organizationId, input.renewalDate, input.outcome);
    return { ok: true as const };
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
