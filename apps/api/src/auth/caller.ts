/**
 * Who is calling, for tRPC procedures and REST routes alike: a person (session
 * cookie, Lucia-style, expiry slid forward), an API key (Authorization:
 * Bearer atr_…) or a device token from the device grant (Bearer atd_…: its
 * user, in its one organization, narrowed to its scopes). Failures are AppErrors, which each transport maps to its status.
 */
import { recordAudit } from "@atrium/core/audit";
import { actorForUser, type Actor, type RequestMeta } from "@atrium/core/actor";
import { apiKeyActor, authenticateApiKey, loadApiKeyAccess, takeRateLimit } from "@atrium/core/api-keys";
import { AppError } from "@atrium/core/errors";
import { authenticateDeviceToken, isDeviceToken, loadDeviceTokenAccess } from "@atrium/core/device";
import { enforceIpAllowlist, sessionWithOrgAccess, type OrgAccess, type SessionAccessCache } from "@atrium/core/access";
import { loadImpersonatedAccess } from "@atrium/core/impersonation";
import { validateSessionToken, type SessionUser, type ValidSession } from "@atrium/core/auth";
import type { Db } from "@atrium/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SessionCookies } from "../server/session-cookie.ts";

export interface CallerDeps {
  db: Db;
  cookies: SessionCookies;
  req: FastifyRequest;
  res: FastifyReply;
  meta: RequestMeta;
  /** When present, the session and access of a person come from it (see SessionAccessCache's contract). */
  sessionAccess?: SessionAccessCache | undefined;
}

export interface OrgCaller {
  access: OrgAccess;
  actor: Actor;
  /** The signed-in person; absent when an API key calls. */
  user?: SessionUser;
  /** Set when platform staff reach the organization by impersonating it. */
  impersonation?: { sessionId: string; writeAccess: boolean };
}

export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : null;
}

/** The session behind the cookie (renewing the cookie), or null. */
export async function sessionOf(deps: CallerDeps): Promise<ValidSession | null> {
  const token = deps.cookies.read(deps.req);
  if (!token) return null;
  const session = await validateSessionToken(deps.db, token);
  if (session) deps.cookies.set(deps.res, token, session.expiresAt);
  else deps.cookies.clear(deps.res);
  return session;
}

const notFound = () => new AppError("NOT_FOUND", { userMessage: "The organization was not found." });

/**
 * The caller's access to one organization: NOT_FOUND when they cannot reach it
 * (identical for an id that does not exist), FORBIDDEN (audited) from outside its
 * IP allowlist, TOO_MANY_REQUESTS past its rate limit (API keys).
 */
export async function resolveOrgCaller(deps: CallerDeps, organizationId: string, operation: string): Promise<OrgCaller> {
  const bearer = bearerToken(deps.req);
  if (bearer && isDeviceToken(bearer)) {
    const principal = await authenticateDeviceToken(deps.db, bearer, deps.meta);
    if (!principal) throw new AppError("UNAUTHORIZED", { userMessage: "The token is invalid, expired or revoked." });
    const actor = actorForUser(principal.user, deps.meta, principal.mfa);
    const access = await loadDeviceTokenAccess(deps.db, principal, actor, organizationId);
    if (!access) throw notFound();
    await enforceIpAllowlist(deps.db, actor, access, operation);
    await takeRateLimit(deps.db, access.organization.id);
    return { access, actor, user: principal.user };
  }
  if (bearer) {
    const key = await authenticateApiKey(deps.db, bearer, deps.meta);
    if (!key) throw new AppError("UNAUTHORIZED", { userMessage: "The API key is invalid, expired or revoked." });
    const access = key.organizationId === organizationId ? await loadApiKeyAccess(deps.db, key) : null;
    if (!access) throw notFound();
    const actor = apiKeyActor(key, deps.meta);
    await enforceIpAllowlist(deps.db, actor, access, operation);
    await takeRateLimit(deps.db, access.organization.id);
    return { access, actor };
  }
  // The session and the access in one query, or none on a cache hit (this runs on every org-scoped request).
  const token = deps.cookies.read(deps.req);
  const found = !token ? null : deps.sessionAccess ? await deps.sessionAccess.sessionWithOrgAccess(deps.db, token, organizationId) : await sessionWithOrgAccess(deps.db, token, organizationId);
  if (token && found) deps.cookies.set(deps.res, token, found.session.expiresAt);
  else if (token) deps.cookies.clear(deps.res);
  if (!found) throw new AppError("UNAUTHORIZED", { userMessage: "Sign in to continue." });
  const { session, access } = found;
  const actor = actorForUser(session.user, deps.meta, session.mfaVerifiedAt !== null);
  if (!access) {
    const impersonated = session.user.platformRole ? await loadImpersonatedAccess(deps.db, session.user.id, organizationId) : null;
    if (!impersonated) {
      // Recorded on the platform's log, not the organization's: the id may not even exist, and the answer stays 404.
      await recordAudit(deps.db, actor, {
        action: "access.denied",
        organizationId: null,
        status: "denied",
        resource: { type: "organization", id: organizationId },
        details: { operation, reason: "no role in this organization" },
      });
      throw notFound();
    }
    const staffActor: Actor = { type: "staff", userId: session.user.id, email: session.user.email, impersonatorId: session.user.id, ...deps.meta };
    await enforceIpAllowlist(deps.db, staffActor, impersonated.access, operation);
    return {
      access: impersonated.access,
      actor: staffActor,
      user: session.user,
      impersonation: { sessionId: impersonated.sessionId, writeAccess: impersonated.writeAccess },
    };
  }
  await enforceIpAllowlist(deps.db, actor, access, operation);
  return { access, actor, user: session.user };
}
