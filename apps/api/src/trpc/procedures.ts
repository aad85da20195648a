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
import { authorize, contextFor, permissionsOf, productPermissionsOf } from "@atrium/core/access";
import { recordAudit } from "@atrium/core/audit";
import { actorForUser } from "@atrium/core/actor";
import { type Changer } from "@atrium/core/members";
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

/**
 * The caller's organization (input.orgId) and one permission, in one middleware level (each level
 * copies the call's options and context): who calls and their access (NOT_FOUND, UNAUTHORIZED,
 * FORBIDDEN for the IP allowlist), then the decision (FORBIDDEN, PAYMENT_REQUIRED or CONFLICT,
 * audited). Staff impersonating the organization get one event in its own log per call, refused or not.
 */
export function permissionProcedure(permission: Permission) {
  return baseProcedure
    .input(ZOrgInput)
    .meta({ access: { permission } })
    .use(async ({ ctx, input, path, type, next }) => {
      const caller = await resolveOrgCaller(ctx, input.orgId, path);
      const impersonated = (ok: boolean) => (caller.impersonation ? recordImpersonatedCall(ctx.db, caller, path, type, ok) : undefined);
      try {
        await authorize(ctx.db, caller.actor, caller.access, permission, { operation: path });
      } catch (error) {
        await impersonated(false);
        throw error;
      }
      /** The caller as a changer of members and roles: actor, access and effective permissions. */
      const changer = (): Changer => ({
        actor: caller.actor,
        access: caller.access,
        permissions: new Set([
          ...permissionsOf(caller.access, contextFor(caller.actor, caller.access)),
          ...productPermissionsOf(caller.access, contextFor(caller.actor, caller.access)),
        ]),
      });
      const result = await next({ ctx: { ...caller, changer } });
      await impersonated(result.ok);
      return result;
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
