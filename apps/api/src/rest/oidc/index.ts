/**
 * Atrium as OpenID Provider for the vendor's applications, under /oidc:
 * oidc-provider (packages/core/src/oidc-provider) serves discovery, JWKS,
 * authorization, token, userinfo, introspection, revocation and logout;
 * Atrium serves the interaction (interaction.ts), which is its own sign-in.
 *
 * Requests reach the provider untouched: Fastify does not parse their bodies
 * (the provider reads the raw request) and the reply is hijacked.
 *
 * Introspection and revocation are an application's calls on the platform, as
 * /v1's are: each call whose client authenticated with a secret key is
 * recorded on the platform log as that application's (key included), through
 * /v1's buffered path (recordAudit of the V1Handle), never in the request.
 */
import { createAtriumProvider, keyFollowingProvider, withOidcPrefetch } from "@atrium/core/oidc-provider";
import { validateSessionToken } from "@atrium/core/auth";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { OidcDeps } from "./deps.ts";
import { auditApplicationCalls } from "./audit-calls.ts";
import { registerInteraction } from "./interaction.ts";

export const OIDC_MOUNT = "/oidc";

declare module "fastify" {
  interface FastifyInstance {
    /** Atrium's OpenID Provider (oidc-provider), mounted at /oidc; created at its first use. */
    oidcProvider: () => Promise<Provider>;
  }
}

export type { OidcDeps };

export const issuerOf = (publicUrl: string) => `${publicUrl.replace(/\/$/, "")}${OIDC_MOUNT}`;

/**
 * Mounts the provider. It is created at the first request that needs it, not at boot: creating it
 * reads (or generates) the signing keys, and the API must start and answer /healthz and /readyz
 * while its database is unreachable. A failed creation is retried by the next request; meanwhile
 * /oidc answers 503 `temporarily_unavailable` (RFC 6749 §4.1.2.1) with Retry-After. It follows
 * the signing keys in the database (key-following.ts): a rotation is served within about a second,
 * without a restart.
 */
export async function registerOidcProvider(app: FastifyInstance, deps: OidcDeps): Promise<() => Promise<Provider>> {
  const callbacks = new WeakMap<Provider, ReturnType<Provider["callback"]>>();
  const following = keyFollowingProvider(
    deps.db,
    async () => {
      const provider = await createAtriumProvider(deps.db, {
        issuer: issuerOf(deps.env.ATRIUM_PUBLIC_URL),
        cookieSecret: deps.env.ATRIUM_ENCRYPTION_KEY,
        sessionCookieName: deps.cookies.name,
        sessionUserId: async (token) => (await validateSessionToken(deps.db, token))?.user.id ?? null,
      });
      provider.on("server_error", (_ctx, error) => app.log.error({ err: error }, "oidc-provider error"));
      provider.use(auditApplicationCalls(deps.recordAudit));
      callbacks.set(provider, provider.callback());
      return provider;
    },
    { onReloadError: (error) => app.log.error({ err: error }, "the OpenID Provider could not load its new signing keys; it keeps the previous ones") },
  );
  const provider = following.current;
  const load = async () => {
    const current = await following.current();
    return { provider: current, callback: callbacks.get(current)! };
  };

  await app.register(async (scope) => {
    registerInteraction(scope, { ...deps, provider });
    scope.register(async (raw) => {
      // The provider parses its own bodies.
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser("*", (_req, _payload, done) => done(null, undefined));
      const handler = async (req: FastifyRequest, reply: FastifyReply) => {
        let callback: ReturnType<Provider["callback"]>;
        try {
          ({ callback } = await load());
        } catch (error) {
          req.log.error({ err: error }, "the OpenID Provider could not start");
          return reply
            .code(503)
            .header("retry-after", "5")
            .header("cache-control", "no-store")
            .send({ error: "temporarily_unavailable", error_description: "The service is briefly unavailable. Try again in a few seconds." });
        }
        reply.hijack();
        const url = req.raw.url ?? "/";
        Object.assign(req.raw, { originalUrl: url, url: url.slice(OIDC_MOUNT.length) || "/" });
        // Each request reads ahead the rows the provider looks up next (packages/core/src/oidc-provider/prefetch.ts).
        withOidcPrefetch(() => callback(req.raw, reply.raw), { ip: req.ip, userAgent: req.headers["user-agent"], requestId: req.id });
      };
      raw.all(OIDC_MOUNT, handler);
      raw.all(`${OIDC_MOUNT}/*`, handler);
    });
  });
  return provider;
}
