/**
 * The procedure chain every router builds on:
 *   publicProcedure → authedProcedure (session → ctx.user)
 *     → orgProcedure (input.orgId → ctx.access; NOT_FOUND when the caller has no role there)
 *       → permissionProcedure("org:read") (packages/rbac decision; FORBIDDEN + audit when denied)
 *     → staffProcedure (platform staff only; FORBIDDEN + audit otherwise)
 */
import { actorForUser, authorize, loadOrgAccess, recordAudit, validateSessionToken } from "@atrium/core";
import type { Permission } from "@atrium/rbac";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { baseProcedure } from "./init.ts";

export const publicProcedure = baseProcedure;

export const authedProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const token = ctx.cookies.read(ctx.req);
  const session = token ? await validateSessionToken(ctx.db, token) : null;
  if (!session) {
    if (token) ctx.cookies.clear(ctx.res);
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  if (token) ctx.cookies.set(ctx.res, token, session.expiresAt);
  return next({
    ctx: { session, user: session.user, actor: actorForUser(session.user, ctx.meta) },
  });
});

export const ZOrgInput = z.object({ orgId: z.uuid() });

export const orgProcedure = authedProcedure.input(ZOrgInput).use(async ({ ctx, input, next }) => {
  const access = await loadOrgAccess(ctx.db, ctx.user.id, input.orgId);
  if (!access) throw new TRPCError({ code: "NOT_FOUND", message: "The organization was not found." });
  return next({ ctx: { access } });
});

export function permissionProcedure(permission: Permission) {
  return orgProcedure.use(async ({ ctx, path, next }) => {
    await authorize(ctx.db, ctx.actor, ctx.access, permission, { operation: path });
    return next();
  });
}

export const staffProcedure = authedProcedure.use(async ({ ctx, path, next }) => {
  if (!ctx.user.platformRole) {
    await recordAudit(ctx.db, ctx.actor, {
      action: "access.denied",
      organizationId: null,
      status: "denied",
      resource: { type: "platform", id: path },
      details: { operation: path, reason: "not platform staff" },
    });
    throw new TRPCError({ code: "FORBIDDEN", message: "This area is for platform staff." });
  }
  return next();
});
