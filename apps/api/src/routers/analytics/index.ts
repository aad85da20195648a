/**
 * `analytics`: the admin console's analytics page. `members` (member activity), `layout`
 * (saved layouts), `export` (records a CSV export of what the page shows, before the browser
 * builds it), `usage` (usage, cost and quality figures, in usage.ts) and `customer` (the same
 * figures for the CSM portal, staff only). Every other procedure is organization-scoped:
 * `analytics:read` and its plan gate (Team and up) unless it says otherwise.
 * Live updates are an SSE endpoint (rest/analytics/analytics-live.ts), not a procedure.
 */
import { ANALYTICS_CARDS, recordAnalyticsExport } from "@atrium/core/analytics";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZOk } from "../schemas.ts";
import { analyticsCustomerRouter } from "./customer.ts";
import { analyticsLayoutRouter } from "./layout.ts";
import { analyticsMembersProcedure } from "./members.ts";
import { ZAnalyticsRange } from "./range.ts";
import { analyticsUsageRouter } from "./usage.ts";

export const analyticsRouter = router({
  members: analyticsMembersProcedure,
  layout: analyticsLayoutRouter,
  customer: analyticsCustomerRouter,
  usage: analyticsUsageRouter,
  export: permissionProcedure("analytics:export")
    .input(ZAnalyticsRange.and(z.object({ cards: z.array(z.enum(ANALYTICS_CARDS)).min(1).max(ANALYTICS_CARDS.length) })))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await recordAnalyticsExport(ctx.db, ctx.actor, ctx.access.organization.id, input);
      return { ok: true as const };
    }),
});
