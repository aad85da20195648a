/**
 * Atrium's OpenID Provider (oidc-provider, its certified defaults unless said
 * here), shared by the API (which mounts it under /oidc) and the worker
 * (which signs back-channel logout tokens with it):
 *
 *  - state in PostgreSQL (adapter.ts), signing keys sealed in PostgreSQL
 *    (signing-keys.ts), clients = applications (clients.ts);
 *  - authorization code only, PKCE required with S256 (oidc-provider offers
 *    no `plain`), refresh tokens rotated on every use (a rotated token used
 *    again revokes its grant — the library's reuse detection);
 *  - RP-initiated logout, introspection and revocation (each application
 *    for its own tokens only), back-channel logout;
 *  - id_tokens carry the scopes' claims (`conformIdTokenClaims: false`),
 *    as Entra ID and Okta do, so an application needs no UserInfo call;
 *  - first-party applications: no consent screen; the interaction
 *    (apps/api/src/rest/oidc) grants the requested scopes itself.
 */
import { createHmac } from "node:crypto";
import type { Db } from "@atrium/db";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { postgresAdapter } from "./adapter.ts";
import { verifyClientSecret } from "./clients.ts";
import { grantOrganization } from "./grant-organization.ts";
import { organizationClaims } from "./organizations.ts";
import { loadSigningJwks } from "./signing-keys.ts";

export const OIDC_SCOPES = ["openid", "offline_access", "email", "profile", "organization"] as const;

export const OIDC_CLAIMS = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  profile: ["name"],
  organization: ["org_id", "org_name", "roles", "permissions", "plan"],
};

export interface AtriumProviderOptions {
  /** e.g. https://atrium.example.com/oidc */
  issuer: string;
  /** Secret material for the provider's signed cookies (derived from ATRIUM_ENCRYPTION_KEY by the API). */
  cookieSecret: string;
  /** The Atrium session cookie's name: an authorization request reuses a grant only while that session is the grant's person. */
  sessionCookieName?: string;
  /** Resolves the Atrium session cookie to a user id (the API passes its session lookup). */
  sessionUserId?: (token: string) => Promise<string | null>;
  /**
   * Development only: let back-channel logout reach applications on loopback
   * addresses (the demo product on localhost:3100). oidc-provider refuses
   * special-use IP addresses for outgoing requests (SSRF protection), and so
   * does Atrium in production.
   */
  allowLoopbackRequests?: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** oidc-provider's outgoing fetch, with its SSRF-protecting dispatcher dropped for loopback hosts named as such. */
const loopbackFetch: NonNullable<Configuration["fetch"]> = (url, init) => {
  if (!LOOPBACK_HOSTS.has(new URL(url instanceof Request ? url.url : url).hostname)) return fetch(url, init);
  const { dispatcher: _ssrfGuard, ...rest } = init as RequestInit & { dispatcher?: unknown };
  return fetch(url, rest);
};

/** Cookie keys for the provider, derived (HMAC, domain-separated) from a secret. */
export const providerCookieKeys = (secret: string) => [createHmac("sha256", secret).update("atrium oidc-provider cookies").digest("base64url")];

const TTL = { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 14 * 86_400, Grant: 30 * 86_400, RefreshToken: 30 * 86_400 };

interface AccountUserRow {
  id: string;
  email: string;
  name: string;
}

/** The grant an OIDC request uses: from the token in hand, or the one being issued. */
function grantIdOf(ctx: KoaContextWithOIDC | undefined, token: unknown): string | undefined {
  const fromToken = (token as { grantId?: string } | undefined)?.grantId;
  return fromToken ?? ctx?.oidc?.entities?.Grant?.jti;
}

export async function createAtriumProvider(db: Db, options: AtriumProviderOptions): Promise<Provider> {
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, "");
  const config: Configuration = {
    adapter: postgresAdapter(db),
    jwks: (await loadSigningJwks(db)) as Configuration["jwks"],
    scopes: [...OIDC_SCOPES],
    claims: OIDC_CLAIMS,
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    clientDefaults: { grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic", id_token_signed_response_alg: "RS256" },
    enabledJWA: { idTokenSigningAlgValues: ["RS256"], clientAuthSigningAlgValues: ["RS256"], requestObjectSigningAlgValues: ["RS256"] },
    features: {
      devInteractions: { enabled: false },
      // An application introspects and revokes only its own tokens (the library's default lets any confidential client introspect any token).
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    rotateRefreshToken: () => true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    cookies: { keys: providerCookieKeys(options.cookieSecret), long: { signed: true }, short: { signed: true, path: mountPath } },
    ttl: TTL,
    // First-party applications: the interaction grants what was asked (no consent screen). A grant is reused
    // only while the browser's Atrium session is the grant's person and no other organization is asked for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (!grantId) return undefined;
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (!grant) return undefined;
      if (!ctx.oidc.result && options.sessionUserId && options.sessionCookieName) {
        const token = ctx.cookies.get(options.sessionCookieName);
        if (!token || (await options.sessionUserId(token)) !== grant.accountId) return undefined;
        const wanted = ctx.oidc.params?.["organization"];
        if (typeof wanted === "string" && wanted !== "") {
          const current = await grantOrganization(db, grantId);
          if (!current || (current.id !== wanted && current.slug !== wanted)) return undefined;
        }
      }
      return grant;
    },
    extraParams: ["organization"],
    async findAccount(ctx, sub, token) {
      const [user] = await db.$queryRaw<AccountUserRow[]>`
        SELECT id::text, email::text, name FROM users WHERE id::text = ${sub} AND status = 'active'`;
      if (!user) return undefined;
      return {
        accountId: user.id,
        async claims(_use, scope) {
          const claims: { sub: string; [claim: string]: unknown } = { sub: user.id, email: user.email, email_verified: true, name: user.name };
          const grantId = grantIdOf(ctx, token);
          if (scope.split(" ").includes("organization") && grantId) {
            const org = await grantOrganization(db, grantId);
            const orgClaims = org ? await organizationClaims(db, user.id, org.id) : null;
            if (orgClaims) Object.assign(claims, orgClaims);
          }
          return claims;
        },
      };
    },
    ...(options.allowLoopbackRequests ? { fetch: loopbackFetch } : {}),
    renderError(ctx, out) {
      ctx.type = "html";
      const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><main><h1>We could not sign you in</h1><p>${escape(String(out.error_description ?? out.error))}</p><p><code>${escape(String(out.error))}</code></p></main></body></html>`;
    },
  };
  const provider = new Provider(options.issuer, config);
  provider.proxy = options.issuer.startsWith("https://");
  const compare = (client: InstanceType<Provider["Client"]>, secret: unknown) => verifyClientSecret(db, client.clientId, secret);
  provider.Client.prototype.compareClientSecret = function (this: InstanceType<Provider["Client"]>, secret: string) {
    return compare(this, secret);
  } as never;
  return provider;
}
