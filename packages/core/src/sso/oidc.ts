/**
 * OpenID Connect relying party: authorization code flow with PKCE (S256),
 * `state` bound to the browser by a cookie and stored with the PKCE verifier
 * and `nonce` in `sso_requests` (used once). arctic makes the requests; the
 * id_token is verified here with jose, in this order:
 *
 *  1. state present and equal to the browser's state cookie → state_mismatch
 *  2. state known, unexpired, for this connection (consumed) → unknown_state
 *  3. no `error` from the provider                          → idp_error
 *  4. the code exchange succeeds (PKCE verifier sent)       → token_exchange_failed
 *  5. id_token signature by a key of the provider's JWKS    → invalid_signature
 *     (an unknown kid refetches the JWKS at once, rate-limited: oidc-jwks.ts)
 *  6. iss is the provider's issuer                          → wrong_issuer
 *  7. aud contains our client id (and azp is ours when aud has several) → wrong_audience
 *  8. exp/iat/nbf within 60 s of our clock                  → id_token_expired
 *  9. nonce equals the one we sent                          → nonce_mismatch
 * 10. when the id_token lacks a mapped claim and the connection has a
 *     UserInfo endpoint: UserInfo read with the access token, its sub equal
 *     to the id_token's (oidc-userinfo.ts)  → userinfo_failed, userinfo_sub_mismatch
 * 11. the mapped e-mail is verified by the provider (`email_verified`),
 *     unless the connection is authoritative for its domains → email_not_verified
 *     (checked in completeSsoLogin, which also links (connection, sub))
 */
import { timingSafeEqual } from "node:crypto";
import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from "arctic";
import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { Db } from "@atrium/db";
import type { RequestMeta } from "../actor.ts";
import { clientSecretOf, loadConnection, type ConnectionRecord } from "./connection-record.ts";
import { serviceProviderValues } from "./connections.ts";
import { jwksFor } from "./oidc-jwks.ts";
import { discoverOidc } from "./oidc-discovery.ts";
import { lacksMappedClaims, mergeClaims, readUserInfo } from "./oidc-userinfo.ts";
import type { AttributeMapping } from "./presets.ts";
import { SSO_REQUEST_TTL_MS } from "./saml.ts";
import { completeSsoLogin, recordSsoFailure, SsoLoginError, type SsoOutcome } from "./sign-in.ts";

const CLOCK_TOLERANCE_S = 60;

const clientFor = (connection: ConnectionRecord, publicUrl: string) =>
  new OAuth2Client(connection.oidcClientId!, clientSecretOf(connection), serviceProviderValues(publicUrl, connection.id).redirectUri);

/** Starts a sign-in: the provider URL to redirect to, and the state for the browser's cookie. */
export async function startOidcLogin(db: Db, connectionId: string, publicUrl: string, options: { testByUserId?: string | null } = {}): Promise<{ url: string; state: string }> {
  const connection = await loadConnection(db, connectionId);
  if (connection.protocol !== "oidc" || !connection.oidcAuthorizationUrl || !connection.oidcClientId) {
    throw new SsoLoginError("not_configured", "The connection is not a configured OIDC connection.");
  }
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const nonce = generateState();
  await db.ssoRequest.create({
    data: { id: `oidc:${state}`, connectionId, codeVerifier, nonce, testByUserId: options.testByUserId ?? null, expiresAt: new Date(Date.now() + SSO_REQUEST_TTL_MS) },
    select: { id: true },
  });
  const url = clientFor(connection, publicUrl).createAuthorizationURLWithPKCE(
    connection.oidcAuthorizationUrl,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    connection.oidcScopes.split(/\s+/).filter(Boolean),
  );
  url.searchParams.set("nonce", nonce);
  return { url: url.toString(), state };
}

const sameString = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

async function verifyIdToken(connection: ConnectionRecord, idToken: string, nonce: string, now: Date): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, jwksFor(connection.oidcJwksUrl!), {
      issuer: connection.oidcIssuer!,
      audience: connection.oidcClientId!,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
      algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new SsoLoginError("id_token_expired", `The id_token expired (${error.message}).`);
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      const reason = error.claim === "aud" ? "wrong_audience" : error.claim === "iss" ? "wrong_issuer" : "invalid_id_token";
      const why = error.claim === "nbf" || error.claim === "iat" ? "id_token_not_yet_valid" : reason;
      throw new SsoLoginError(why, `id_token claim ${error.claim} rejected: ${error.message}`);
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
      throw new SsoLoginError("invalid_signature", "The id_token signature does not verify with the provider's JWKS.");
    }
    throw new SsoLoginError("invalid_id_token", `The id_token could not be verified: ${(error as Error).message}`);
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (aud.length > 1 && payload["azp"] !== connection.oidcClientId) throw new SsoLoginError("wrong_audience", "The id_token has several audiences and azp is not our client.");
  if (typeof payload["nonce"] !== "string" || !sameString(payload["nonce"], nonce)) throw new SsoLoginError("nonce_mismatch", "The id_token nonce is not the one this sign-in sent.");
  return payload;
}

export interface CallbackResult {
  outcome: SsoOutcome | null;
  error: SsoLoginError | null;
  testResultId: string | null;
  organizationId: string | null;
}

export async function completeOidcLogin(
  db: Db,
  input: { connectionId: string; query: Record<string, unknown>; cookieState: string | undefined; publicUrl: string; meta: RequestMeta; now?: Date },
): Promise<CallbackResult> {
  let connection: ConnectionRecord | null = null;
  let testByUserId: string | null = null;
  try {
    connection = await loadConnection(db, input.connectionId).catch(() => {
      throw new SsoLoginError("unknown_connection", `No SSO connection ${input.connectionId}.`);
    });
    if (connection.protocol !== "oidc") throw new SsoLoginError("unknown_connection", "The connection is not an OIDC connection.");
    const { state, code, error } = input.query;
    if (typeof state !== "string" || !input.cookieState || !sameString(state, input.cookieState)) {
      throw new SsoLoginError("state_mismatch", "The state parameter does not match this browser's sign-in.");
    }
    const request = await db.ssoRequest.findFirst({
      where: { id: `oidc:${state}`, connectionId: connection.id, expiresAt: { gt: new Date() } },
      select: { codeVerifier: true, nonce: true, testByUserId: true },
    });
    const { count } = await db.ssoRequest.deleteMany({ where: { id: `oidc:${state}`, connectionId: connection.id } });
    if (!request || count !== 1) throw new SsoLoginError("unknown_state", "The sign-in request is unknown, expired or already used.");
    testByUserId = request.testByUserId;
    if (typeof error === "string") throw new SsoLoginError("idp_error", `The provider answered ${error}: ${String(input.query["error_description"] ?? "")}`.slice(0, 500));
    if (typeof code !== "string" || !code) throw new SsoLoginError("malformed_response", "No authorization code was returned.");
    let idToken: string;
    let accessToken: string | null = null;
    try {
      const tokens = await clientFor(connection, input.publicUrl).validateAuthorizationCode(connection.oidcTokenUrl!, code, request.codeVerifier);
      idToken = tokens.idToken();
      if (typeof (tokens.data as Record<string, unknown>)["access_token"] === "string") accessToken = tokens.accessToken();
    } catch (e) {
      throw new SsoLoginError("token_exchange_failed", `The code exchange failed: ${(e as Error).message}`.slice(0, 500));
    }
    const claims = await verifyIdToken(connection, idToken, request.nonce!, input.now ?? new Date());
    const mapping = connection.attributeMapping as AttributeMapping;
    const subject = String(claims.sub);
    const userinfoUrl = lacksMappedClaims(claims, mapping) ? await userinfoEndpointOf(db, connection) : null;
    const userinfo = userinfoUrl ? await readUserInfo(userinfoUrl, accessToken, subject) : null;
    const { attributes, emailVerified } = mergeClaims(claims, userinfo, mapping);
    const outcome = await completeSsoLogin(db, connection, { subject, attributes, emailVerified }, { testByUserId, meta: input.meta });
    return { outcome, error: null, testResultId: outcome.kind === "test" ? outcome.resultId : null, organizationId: connection.organizationId };
  } catch (error) {
    if (!(error instanceof SsoLoginError)) throw error;
    const { testResultId } = await recordSsoFailure(db, connection, error, { testByUserId, meta: input.meta });
    return { outcome: null, error, testResultId, organizationId: connection?.organizationId ?? null };
  }
}

/**
 * The connection's UserInfo endpoint. A connection configured by discovery before the endpoint
 * was stored has none: its discovery document is read once more and the endpoint kept, so such a
 * connection needs no re-save by its admin. An unreachable document leaves it unknown (the
 * sign-in then goes on with the id_token's claims alone).
 */
async function userinfoEndpointOf(db: Db, connection: ConnectionRecord): Promise<string | null> {
  if (connection.oidcUserinfoUrl || !connection.oidcDiscoveryUrl) return connection.oidcUserinfoUrl;
  const endpoints = await discoverOidc(connection.oidcDiscoveryUrl).catch(() => null);
  if (!endpoints?.userinfoUrl) return null;
  await db.ssoConnection.update({ where: { id: connection.id }, data: { oidcUserinfoUrl: endpoints.userinfoUrl }, select: { id: true } });
  return endpoints.userinfoUrl;
}
