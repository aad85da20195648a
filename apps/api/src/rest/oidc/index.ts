/**
 * Atrium as OpenID Provider for the vendor's applications, under /oidc:
 * oidc-provider (packages/core/src/oidc-provider) serves discovery, JWKS,
 * authorization, token, userinfo, introspection, revocation and logout;
 * Atrium serves the interaction (interaction.ts), which is its own sign-in.
 *
 * Requests reach the provider untouched: Fastify does not parse their bodies
 * (the provider reads the raw request) and the reply is hijacked.
 */
import { createAtriumProvider } from "@atrium/core/oidc-provider";
import { validateSessionToken } from "@atrium/core";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { ApiEnv } from "../../env.ts";
import type { SessionCookies } from "../../http/session-cookie.ts";
import { registerInteraction } from "./interaction.ts";

export const OIDC_MOUNT = "/oidc";

declare module "fastify" {
  interface FastifyInstance {
    /** Atrium's OpenID Provider (oidc-provider), mounted at /oidc. */
    oidcProvider: Provider;
  }
}

export interface OidcDeps {
  db: Db;
  env: ApiEnv;
  cookies: SessionCookies;
}

export const issuerOf = (publicUrl: string) => `${publicUrl.replace(/\/$/, "")}${OIDC_MOUNT}`;

export async function registerOidcProvider(app: FastifyInstance, deps: OidcDeps): Promise<Provider> {
  const provider = await createAtriumProvider(deps.db, {
    issuer: issuerOf(deps.env.ATRIUM_PUBLIC_URL),
    cookieSecret: deps.env.ATRIUM_ENCRYPTION_KEY,
    sessionCookieName: deps.cookies.name,
    sessionUserId: async (token) => (await validateSessionToken(deps.db, token))?.user.id ?? null,
  });
  provider.on("server_error", (_ctx, error) => app.log.error({ err: error }, "oidc-provider error"));
  const callback = provider.callback();

  await app.register(async (scope) => {
    registerInteraction(scope, { ...deps, provider });
    scope.register(async (raw) => {
      // The provider parses its own bodies.
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser("*", (_req, _payload, done) => done(null, undefined));
      const handler = async (req: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        const url = req.raw.url ?? "/";
        Object.assign(req.raw, { originalUrl: url, url: url.slice(OIDC_MOUNT.length) || "/" });
        callback(req.raw, reply.raw);
      };
      raw.all(OIDC_MOUNT, handler);
      raw.all(`${OIDC_MOUNT}/*`, handler);
    });
  });
  return provider;
}
