/**
 * `analytics.customer.*`: the same figures for the CSM portal, read-only, for platform staff
 * with `portfolio:read` on a customer they see (a CSM: the customers assigned to them; NOT_FOUND
 * otherwise, like every staff view of one customer). Each procedure is the tenant one's core
 * call behind that check; nothing here changes anything.
 */
import { memberActivity, topResources, usageByOperation, usageCostByOperation, usageQuality, usageSummary } from "@atrium/core/analytics";
import { type Staff, visibleCustomer } from "@atrium/core/staff";
import type { DbOrTx } from "@atrium/db";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZMemberActivity } from "./members.ts";
import { ZAnalyticsRange } from "./range.ts";
import { ZTopResources, ZUsageCost, ZUsageOperations, ZUsageQuality, ZUsageRangeInput, ZUsageSummary } from "./usage.ts";

const ZCustomer = z.object({ organizationId: z.uuid() });
const read = staffPermissionProcedure("portfolio:read");
const usage = read.input(ZUsageRangeInput.and(ZCustomer));
type UsageInput = z.output<typeof ZUsageRangeInput> & { organizationId: string };

export const analyticsCustomerRouter = router({
  members: read
    .input(ZAnalyticsRange.and(ZCustomer))
    .output(ZMemberActivity)
    .query(async ({ ctx, input: { organizationId, ...range } }) => {
      const customer = await visibleCustomer(ctx.db, ctx.staff, organizationId);
      return memberActivity(ctx.db, { ...range, organizationId: customer.id });
    }),

  usage: router({
    summary: usage.output(ZUsageSummary).query(async ({ ctx, input }) => usageSummary(ctx.db, await visible(ctx, input))),
    operations: usage.output(ZUsageOperations).query(async ({ ctx, input }) => usageByOperation(ctx.db, await visible(ctx, input))),
    cost: usage.output(ZUsageCost).query(async ({ ctx, input }) => usageCostByOperation(ctx.db, await visible(ctx, input))),
    quality: usage.output(ZUsageQuality).query(async ({ ctx, input }) => usageQuality(ctx.db, await visible(ctx, input))),
    topResources: usage
      .input(z.object({ limit: z.number().int().min(1).max(100).default(10) }))
      .output(ZTopResources)
      .query(async ({ ctx, input }) => topResources(ctx.db, { ...(await visible(ctx, input)), limit: input.limit })),
  }),
});

/** The usage query for a customer the staff member sees (NOT_FOUND otherwise). */
async function visible(ctx: { db: DbOrTx; staff: Staff }, input: UsageInput) {
  const customer = await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
  return { ...input, organizationId: customer.id };
}
