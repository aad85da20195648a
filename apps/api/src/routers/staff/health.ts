/**
 * The CSM portal's customer-health procedures for platform staff: the
 * portfolio and one customer's detail here; the health model (recompute,
 * configuration, backtest) in health-model.ts and recording a renewal's outcome
 * in renewals.ts, all served under `staff.health.*`. Each names a staff permission;
 * customers outside the caller's scope are 404.
 */
import { customerDetail, portfolio } from "@atrium/core/health";
import { listStaffTickets, npsSummary } from "@atrium/core/support";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { healthModelProcedures } from "./health-model.ts";
import { ZCustomer, ZCustomerInput, ZPortfolioRow } from "./health-schemas.ts";
import { recordOutcome } from "./renewals.ts";

export const healthRouter = router({
  portfolio: staffPermissionProcedure("portfolio:read")
    .output(z.array(ZPortfolioRow))
    .query(({ ctx }) => portfolio(ctx.db, ctx.staff)),

  customer: staffPermissionProcedure("portfolio:read")
    .input(ZCustomerInput)
    .output(ZCustomer)
    .query(async ({ ctx, input }) => {
      const detail = await customerDetail(ctx.db, ctx.staff, input.organizationId);
      const tickets = await listStaffTickets(ctx.db, ctx.staff, { organizationId: input.organizationId });
      return { ...detail, tickets, nps: await npsSummary(ctx.db, input.organizationId) };
    }),

  ...healthModelProcedures,
  recordOutcome,
});
