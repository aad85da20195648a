import { listCustomers } from "@atrium/core/customers";
import { planSummary, setFeatureOverride } from "@atrium/core/plans";
import { FEATURES, type Feature } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffProcedure } from "../../trpc/procedures.ts";
import { ZOrganization, ZPlanSummary, ZOk } from "../schemas.ts";

const ZCustomer = ZOrganization.pick({
  id: true,
  name: true,
  slug: true,
  plan: true,
  region: true,
  status: true,
  isEnterprise: true,
  createdAt: true,
}).extend({ organizationCount: z.number().int(), memberCount: z.number().int() });

export const customersRouter = router({
  list: staffProcedure.output(z.array(ZCustomer)).query(({ ctx }) => listCustomers(ctx.db)),

  plan: staffProcedure
    .input(z.object({ organizationId: z.uuid() }))
    .output(ZPlanSummary)
    .query(({ ctx, input }) => planSummary(ctx.db, input.organizationId)),

  /** Turn a feature on or off for one customer organization, optionally until a date; enabled null clears the override. */
  setFeatureOverride: staffProcedure
    .input(
      z.object({
        organizationId: z.uuid(),
        feature: z.enum(Object.keys(FEATURES) as [Feature, ...Feature[]]),
        enabled: z.boolean().nullable(),
        expiresAt: z.date().nullable().default(null),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input: { organizationId, ...input } }) => {
      await setFeatureOverride(ctx.db, ctx.actor, organizationId, input);
      return { ok: true as const };
    }),
});
