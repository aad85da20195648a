/**
 * The procedure chain every router builds on:
 *   publicProcedure → authedProcedure (session → ctx.user)
 *     → orgProcedure (input.orgId → ctx.access; NOT_FOUND when the caller has no role there)
 *       → permissionProcedure("org:read") (packages/rbac decision; FORBIDDEN + audit when denied)
 *     → staffProcedure (platform staff only; FORBIDDEN + audit otherwise)
 * Each sets `meta.access`, which the access sweep test reads.
 */
import { actorForUser, authorize, contextFor, loadOrgAccess, permissionsOf, recordAudit, validateSessionToken, type Changer } from "@atrium/core";
import type { Permission } from "@atrium/rbac";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { baseProcedure } from "./init.ts";

export const publicProcedure = baseProcedure.meta({ access: "public" });

export const authedProcedure = baseProcedure.meta({ access: "authed" }).use(async ({ ctx, next }) => {
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

/** Not exported: every org-scoped procedure names its permission through permissionProcedure. */
const orgProcedure = authedProcedure.input(ZOrgInput).use(async ({ ctx, input, next }) => {
  const access = await loadOrgAccess(ctx.db, ctx.user.id, input.orgId);
  if (!access) throw new TRPCError({ code: "NOT_FOUND", message: "The organization was not found." });
  return next({ ctx: { access } });
});

export function permissionProcedure(permission: Permission) {
  return orgProcedure.meta({ access: { permission } }).use(async ({ ctx, path, next }) => {
    await authorize(ctx.db, ctx.actor, ctx.access, permission, { operation: path });
    /** The caller as a changer of members and roles: actor, access and effective permissions. */
    const changer = (): Changer => ({
      actor: ctx.actor,
      access: ctx.access,
      permissions: permissionsOf(ctx.access, contextFor(ctx.actor)),
    });
    return next({ ctx: { changer } });
  });
}

export const staffProcedure = authedProcedure.meta({ access: "staff" }).use(async ({ ctx, path, next }) => {
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
