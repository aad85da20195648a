/**
 * `analytics.layout.*`: a person's layout of the analytics page. Reading (the default
 * until saved) needs `analytics:read`; saving and resetting need `analytics:personalize`,
 * an Enterprise feature (402 with the plan below it), and are audited.
 */
import { getAnalyticsLayout, resetAnalyticsLayout, saveAnalyticsLayout, ZAnalyticsCard, ZAnalyticsLayoutCards } from "@atrium/core/analytics";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";

const ZLayout = z.object({ cards: z.array(ZAnalyticsCard), isDefault: z.boolean(), updatedAt: z.date().nullable() });

export const analyticsLayoutRouter = router({
  get: permissionProcedure("analytics:read")
    .output(ZLayout)
    .query(({ ctx }) => {
      const userId = "userId" in ctx.actor ? ctx.actor.userId : null;
      if (!userId) throw new TRPCError({ code: "BAD_REQUEST", message: "Only a signed-in person has an analytics layout." });
      return getAnalyticsLayout(ctx.db, ctx.access.organization.id, userId);
    }),

  save: permissionProcedure("analytics:personalize")
    .input(z.object({ cards: ZAnalyticsLayoutCards }))
    .output(ZLayout)
    .mutation(({ ctx, input }) => saveAnalyticsLayout(ctx.db, ctx.actor, ctx.access.organization.id, input.cards)),

  reset: permissionProcedure("analytics:personalize")
    .output(ZLayout)
    .mutation(({ ctx }) => resetAnalyticsLayout(ctx.db, ctx.actor, ctx.access.organization.id)),
});
