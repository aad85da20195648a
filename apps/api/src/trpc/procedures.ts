/**
 * The procedure chain every router builds on:
 *   publicProcedure
 *   authedProcedure      a signed-in person (session cookie) → ctx.user, ctx.actor
 *   permissionProcedure  an organization (input.orgId) and one permission:
 *                        the caller is a person with a role there, or an API key of that
 *                        organization (Authorization: Bearer atr_…, rate limited);
 *                        NOT_FOUND when they cannot reach it, FORBIDDEN (audited) when the
 *                        IP allowlist or the decision refuses, PAYMENT_REQUIRED when the plan does
 *   staffProcedure       platform staff only (FORBIDDEN, audited, otherwise)
 * Each sets `meta.access`, which the access sweep test reads.
 */
import { authorize, contextFor, permissionsOf, productPermissionsOf, recordAudit, actorForUser, type Changer } from "@atrium/core";
import type { Permission } from "@atrium/rbac";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { bearerToken, resolveOrgCaller, sessionOf } from "../auth/caller.ts";
import { recordImpersonatedCall } from "./impersonation.ts";
import { baseProcedure } from "./init.ts";

export const publicProcedure = baseProcedure.meta({ access: "public" });

export const authedProcedure = baseProcedure.meta({ access: "authed" }).use(async ({ ctx, next }) => {
  if (bearerToken(ctx.req) && !ctx.cookies.read(ctx.req)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "API keys and device tokens can only call organization procedures." });
  }
  const session = await sessionOf(ctx);
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { session, user: session.user, actor: actorForUser(session.user, ctx.meta, session.mfaVerifiedAt !== null) } });
});

export const ZOrgInput = z.object({ orgId: z.uuid() });

/** Not exported: every org-scoped procedure names its permission through permissionProcedure. */
const orgProcedure = baseProcedure.input(ZOrgInput).use(async ({ ctx, input, path, type, next }) => {
  const caller = await resolveOrgCaller(ctx, input.orgId, path);
  const result = await next({ ctx: caller });
  // Staff signed in as the customer: every call lands in the customer's own log.
  if (caller.impersonation) await recordImpersonatedCall(ctx.db, caller, path, type, result.ok);
  return result;
});

export function permissionProcedure(permission: Permission) {
  return orgProcedure.meta({ access: { permission } }).use(async ({ ctx, path, next }) => {
    await authorize(ctx.db, ctx.actor, ctx.access, permission, { operation: path });
    /** The caller as a changer of members and roles: actor, access and effective permissions. */
    const changer = (): Changer => ({
      actor: ctx.actor,
      access: ctx.access,
      permissions: new Set([
        ...permissionsOf(ctx.access, contextFor(ctx.actor, ctx.access)),
        ...productPermissionsOf(ctx.access, contextFor(ctx.actor, ctx.access)),
      ]),
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
