/**
 * The provider's post-middleware that records introspection and revocation
 * calls on the platform log as the calling application's, like /v1's reads
 * and decisions: the application and the secret key that authenticated its
 * client (kept by the client check, core oidc-provider/clients.ts), the IP,
 * user agent and request id the API saw. A call whose client did not
 * authenticate is nobody's to record (the provider answers 401
 * invalid_client). Tokens are never recorded: an introspection records
 * whether the token was active and whose it was; a revocation, whether it
 * named one of the application's own tokens (which the provider then
 * destroyed). A call the provider refused after authenticating the client
 * (a missing `token`, say: 400 invalid_request) is recorded as an error with
 * the OAuth error code.
 */
import type { Actor } from "@atrium/core/actor";
import type { AuditEntry } from "@atrium/core/audit";
import { authenticatedClient } from "@atrium/core/oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";

type Next = () => Promise<void>;

const ACTIONS = { introspection: "application.introspect", revocation: "application.revoke_token" } as const;

/** What the call did, without the token: introspection's answer, or which token revocation found. */
function detailsOf(ctx: KoaContextWithOIDC, route: keyof typeof ACTIONS, clientId: string): Record<string, string | boolean | null> {
  if (route === "introspection") {
    const body = (ctx.body ?? {}) as { active?: unknown; sub?: unknown; token_type?: unknown };
    const active = body.active === true;
    return { active, userId: active && typeof body.sub === "string" ? body.sub : null, tokenType: active && typeof body.token_type === "string" ? body.token_type : null };
  }
  const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.RefreshToken;
  const own = token !== undefined && token.clientId === clientId;
  return { revoked: own, tokenType: own ? (token.kind === "AccessToken" ? "access_token" : "refresh_token") : null };
}

export function auditApplicationCalls(recordAudit: (actor: Actor, entry: AuditEntry) => void) {
  return async (ctx: KoaContextWithOIDC, next: Next) => {
    let failure: unknown;
    try {
      await next();
    } catch (error) {
      failure = error;
    }
    const route = ctx.oidc?.route;
    const caller = route === "introspection" || route === "revocation" ? authenticatedClient() : null;
    if (caller && (route === "introspection" || route === "revocation")) {
      const { client, request } = caller;
      // The provider answers its own errors (status and OAuth body); one it throws past this middleware is its server error.
      const refused = failure !== undefined || ctx.status >= 400;
      const error = (failure ?? ctx.body) as { error?: unknown } | undefined;
      recordAudit(
        { type: "application", applicationId: client.applicationId, name: client.name, keyId: client.keyId, keyPrefix: client.keyPrefix, ...request },
        {
          action: ACTIONS[route],
          organizationId: null,
          resource: { type: "application", id: client.applicationId },
          ...(!refused
            ? { details: detailsOf(ctx, route, ctx.oidc.client!.clientId) }
            : { status: "error" as const, details: { error: typeof error?.error === "string" ? error.error : "server_error" } }),
        },
      );
    }
    if (failure !== undefined) throw failure;
  };
}
