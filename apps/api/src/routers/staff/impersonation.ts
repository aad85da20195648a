/**
 * Impersonation from the staff side (start, list, end) and the banner the
 * admin console shows while a staff member is signed in as a customer.
 */
import { endImpersonation, liveImpersonations, listStaffImpersonations, requestImpersonation } from "@atrium/core/impersonation";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { authedProcedure } from "../../trpc/procedures.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZImpersonation } from "../support-schemas.ts";
import { ZOk, ok } from "../schemas.ts";

export const impersonationRouter = router({
  /** The caller's live impersonations (empty for everyone but staff). */
  current: authedProcedure
    .output(z.array(ZImpersonation))
    .query(({ ctx }) => (ctx.user.platformRole ? liveImpersonations(ctx.db, ctx.user.id) : [])),

  mine: staffPermissionProcedure("impersonation:start")
    .output(z.array(ZImpersonation))
    .query(({ ctx }) => listStaffImpersonations(ctx.db, ctx.user.id)),

  start: staffPermissionProcedure("impersonation:start")
    .input(z.object({ organizationId: z.uuid(), reason: z.string().trim().min(10).max(1000), minutes: z.number().int().min(5).max(480), writeAccess: z.boolean().default(false) }))
    .output(ZImpersonation)
    .mutation(({ ctx, input: { organizationId, ...request } }) => requestImpersonation(ctx.db, ctx.staff, ctx.actor, organizationId, request)),

  end: authedProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(endImpersonation(ctx.db, ctx.actor, input.sessionId, { staffUserId: ctx.user.id }))),
});
