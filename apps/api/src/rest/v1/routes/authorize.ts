/**
 * POST /v1/authorize — up to 100 permission checks in one call, answered in
 * order. Each check is decided as the consoles decide (core decideChecks);
 * a check that cannot be allowed (unknown organization, permission or
 * resource, a principal who is not a member, an access token that is not
 * active, not the application's own or for another organization) is denied
 * with its reason, so one stale id never fails a batch. The batch is recorded on the platform log
 * (asynchronously, see AuditBuffer) with its counts and each denial's reason.
 *
 * The route authenticates itself (guard.ts): the secret key, its rate-limit
 * bucket, every access token the batch names (read as the provider stores it,
 * with its grant and the grant's organization) and every (person,
 * organization) access of the batch — a token's person included — are one
 * statement (admitWith), so a call is one round trip. Whether a token counts
 * is then decided by the provider's own checks on what was read
 * (accessTokenPrincipal): active, issued to this application, for this
 * organization.
 */
import { decideChecks, type AccessTokenReadAhead, type Admission, type Principal, type TokenPrincipal } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AuditBuffer } from "../audit-buffer.ts";
import { ZErrorBody } from "../errors.ts";
import { admitWith, applicationActor } from "../guard.ts";
import { ERROR_RESPONSES, ZAuthorizeBody, ZAuthorizeResponse } from "../schemas.ts";

interface AuthorizeDeps {
  db: Db;
  audit: AuditBuffer;
  accessTokens?: ((token: string, clientId: string, readAhead?: AccessTokenReadAhead | null) => Promise<TokenPrincipal>) | undefined;
}

/** decideChecks' token resolver for a batch naming access tokens: each token's principal, also kept in `resolved` for the log. */
function tokenResolver(clientId: string, resolved: Map<string, TokenPrincipal>, accessTokens: AuthorizeDeps["accessTokens"], admitted: Admission | undefined) {
  return async (token: string): Promise<TokenPrincipal> => {
    const principal = accessTokens ? await accessTokens(token, clientId, admitted?.tokens.get(token)) : ({ active: false, reason: "token_inactive" } as const);
    resolved.set(token, principal);
    return principal;
  };
}

/** Who a check's principal is on the log: the person a token stood for, never the token (null when it stood for no one). */
function loggedUserOf(principal: Principal, resolved: ReadonlyMap<string, TokenPrincipal>): string | null {
  if (principal.type === "user") return principal.id;
  const found = resolved.get(principal.token);
  return found?.active ? found.userId : null;
}

export function registerAuthorize(app: FastifyInstance, { db, audit, accessTokens }: AuthorizeDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/authorize",
    {
      schema: {
        operationId: "authorize",
        summary: "Decide permission checks",
        description: "Up to 100 checks, answered in order with allowed, a reason code and an explanation.",
        tags: ["Authorization"],
        body: ZAuthorizeBody,
        response: { 200: ZAuthorizeResponse, ...ERROR_RESPONSES, 409: ZErrorBody },
      },
      config: { authenticatesItself: true },
    },
    async (req, reply) => {
      // Not yet authenticated unless an Idempotency-Key made the guard do it (then decideChecks loads the accesses).
      let admitted: Admission | undefined;
      if (!req.application) {
        const pairs = req.body.checks.flatMap((c) => (c.principal.type === "user" ? [{ userId: c.principal.id, organizationId: c.organizationId }] : []));
        const tokenPairs = req.body.checks.flatMap((c) => (c.principal.type === "access_token" ? [{ accessToken: c.principal.token, organizationId: c.organizationId }] : []));
        admitted = await admitWith(db, req, reply, pairs, accessTokens ? tokenPairs : []);
      }
      // A batch of user ids resolves no token (and makes no resolver: a function made per request has its cost).
      const resolved = new Map<string, TokenPrincipal>();
      const withTokens = req.body.checks.some((c) => c.principal.type === "access_token");
      const results = await decideChecks(db, req.body.checks, {
        ...(withTokens ? { resolveToken: tokenResolver(req.application!.slug, resolved, accessTokens, admitted) } : {}),
        ...(admitted ? { accesses: admitted.accesses } : {}),
      });
      const allowed = results.filter((r) => r.allowed).length;
      audit.push(applicationActor(req), {
        action: "application.authorize",
        organizationId: null,
        resource: { type: "application", id: req.application!.id },
        details: {
          checks: results.length,
          allowed,
          denied: results.length - allowed,
          organizations: [...new Set(req.body.checks.map((c) => c.organizationId))],
          // Each refusal with its reason (ids only: the chain keeps no personal data).
          denials: results.flatMap((r, i) => {
            const c = req.body.checks[i]!;
            return r.allowed ? [] : [{ organizationId: c.organizationId, userId: loggedUserOf(c.principal, resolved), ...(c.principal.type === "access_token" ? { principal: "access_token" } : {}), permission: c.permission.slice(0, 200), reason: r.reason }];
          }),
        },
      });
      return { results };
    },
  );
}
