/**
 * The health model in the CSM portal: recompute one customer now, the
 * configuration in force (read, preview, save) and the backtest of the score
 * against renewal outcomes. Served under `staff.health.*`.
 */
import { recordAudit } from "@atrium/core/audit";
import { backtest, COMPONENT_LABELS, COMPONENTS, healthConfig, previewHealthConfig, recomputeHealth, setHealthConfig, ZHealthConfig } from "@atrium/core/health";
import { visibleCustomer } from "@atrium/core/staff";
import { z } from "zod";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZBand, ZBands, ZCustomerInput } from "./health-schemas.ts";
import { ZOk, ok } from "../schemas.ts";

export const healthModelProcedures = {
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
    .mutation(({ ctx, input }) => ok(setHealthConfig(ctx.db, ctx.actor, input))),

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
};
