/**
 * `analytics.customer.*`: the same figures for the CSM portal, read-only, for platform staff
 * with `portfolio:read` on a customer they see (a CSM: the customers assigned to them; NOT_FOUND
 * otherwise, like every staff view of one customer). Nothing here changes anything, and staff
 * reading a customer's figures go through no tenant permission.
 */
import { memberActivity } from "@atrium/core/analytics";
import { visibleCustomer } from "@atrium/core/staff";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZMemberActivity } from "./members.ts";
import { ZAnalyticsRange } from "./range.ts";

export const ZCustomerRange = ZAnalyticsRange.and(z.object({ organizationId: z.uuid() }));

export const analyticsCustomerRouter = router({
  members: staffPermissionProcedure("portfolio:read")
    .input(ZCustomerRange)
    .output(ZMemberActivity)
    .query(async ({ ctx, input: { organizationId, ...range } }) => {
      const customer = await visibleCustomer(ctx.db, ctx.staff, organizationId);
      return memberActivity(ctx.db, { organizationId: customer.id, ...range });
    }),
});
