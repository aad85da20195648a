/**
 * Signing in through Atrium's OpenID Provider with `openid-client`: discovery
 * at `<ATRIUM_URL>/oidc` (done on first use and retried after a failure, so
 * Notes may start before Atrium answers), code + PKCE S256, and the
 * verification of back-channel logout tokens against the provider's JWKS
 * with `jose` (OpenID Connect Back-Channel Logout 1.0, §2.6).
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import type { DemoConfig } from "./env.ts";

export const SCOPES = "openid email profile organization";
const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export interface AtriumOidc {
  configuration(): Promise<oidc.Configuration>;
  /** Verifies a logout token; returns the person and provider session it names, or throws. */
  verifyLogoutToken(token: string): Promise<{ sub: string | undefined; sid: string | undefined }>;
}

export function atriumOidc(config: DemoConfig): AtriumOidc {
  let discovered: Promise<oidc.Configuration> | undefined;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  // Plain http is allowed only for a loopback Atrium (development and tests).
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(new URL(config.atriumUrl).hostname);

  const configuration = () => {
    discovered ??= oidc
      .discovery(new URL(`${config.atriumUrl}/oidc`), config.clientId, config.secretKey, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : {})
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  return {
    configuration,
    async verifyLogoutToken(token) {
      const server = (await configuration()).serverMetadata();
      jwks ??= createRemoteJWKSet(new URL(server.jwks_uri!));
      const { payload } = await jwtVerify(token, jwks, { issuer: server.issuer, audience: config.clientId, typ: "logout+jwt", requiredClaims: ["iat", "jti", "events"] });
      const events = payload["events"];
      if (!events || typeof events !== "object" || !(BACKCHANNEL_EVENT in events)) throw new Error("not a back-channel logout event");
      if (payload["nonce"] !== undefined) throw new Error("a logout token has no nonce");
      const sid = typeof payload["sid"] === "string" ? payload["sid"] : undefined;
      if (!payload.sub && !sid) throw new Error("the logout token names neither a person nor a session");
      return { sub: payload.sub || undefined, sid };
    },
  };
}

export { oidc };
