import { sha256Hex } from "@atrium/core/crypto";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { authorizationRequest, DEMO_CLIENT, discover, follow, oidc, randomSecret, signIn } from "./oidc-testing.ts";

const api = await startTestApi();
const config = await discover(api);
const issuer = `${api.url}/oidc`;
const lee = api.demo.users["lee.chen@acme.example"]!;

// A second application, to prove one client cannot use another's code or tokens.
const otherSecret = randomSecret();
const other = await api.db.application.create({ data: { slug: "other-app", name: "Other app", redirectUris: ["http://localhost:3200/callback"] }, select: { id: true } });
await api.db.applicationSecretKey.create({ data: { applicationId: other.id, prefix: otherSecret.slice(0, 18), secretHash: sha256Hex(otherSecret) } });
const otherConfig = await discover(api, "other-app", otherSecret);

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** A raw token request (form body, client_secret_basic). */
async function tokenRequest(body: Record<string, string>, auth = basic(DEMO_CLIENT.id, DEMO_CLIENT.secret)) {
  const response = await fetch(`${issuer}/token`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An authorization code for lee, with its PKCE verifier. */
async function codeFor(params: Record<string, string> = {}) {
  const browser = await api.signedIn("lee.chen@acme.example");
  const request = await authorizationRequest(config, params);
  const stop = await follow(api, browser, request.url.href);
  return { code: stop.redirect!.searchParams.get("code")!, verifier: request.verifier, stop, request };
}

describe("OpenID Provider tokens", () => {
  it("rotates the refresh token on each use; reusing a rotated one revokes the whole grant", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const first = await signIn(api, config, browser, { scope: "openid offline_access organization", prompt: "consent" });
    expect(first.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.claims()).toMatchObject({ sub: lee, org_id: api.demo.organizations["acme"] });
    const reuse = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token! });
    expect(reuse).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
    const afterReuse = await tokenRequest({ grant_type: "refresh_token", refresh_token: second.refresh_token! });
    expect(afterReuse).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
    const introspected = await oidc.tokenIntrospection(config, second.access_token);
    expect(introspected.active).toBe(false);
  });

  it("introspection answers for the client's own tokens; revocation ends them", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const tokens = await signIn(api, config, browser);
    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, sub: lee, client_id: DEMO_CLIENT.id, scope: "openid email profile organization", iss: issuer, token_type: "Bearer" });
    expect((await oidc.tokenIntrospection(otherConfig, tokens.access_token)).active).toBe(false);
    await oidc.tokenRevocation(otherConfig, tokens.access_token).catch(() => undefined);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    const userinfo = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });

  it("RP-initiated logout ends the provider session and returns to the registered post-logout URI", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const tokens = await signIn(api, config, browser);
    const endUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: DEMO_CLIENT.postLogout, state: "bye" });
    const confirm = await follow(api, browser, endUrl.href);
    expect(confirm.status).toBe(200);
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.html!)!;
    const done = await follow(api, browser, form[1]!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `xsrf=${form[2]}&logout=yes` });
    expect(done.redirect!.href).toBe(`${DEMO_CLIENT.postLogout}?state=bye`);
    // The next authorization request needs an interaction again (no provider session left).
    const again = await follow(api, api.client(), (await authorizationRequest(config)).url.href);
    expect(again.location).toMatch(/^\/admin\/login\?return_to=/);
  });
});

describe("OpenID Provider refusals (the spec's errors)", () => {
  it("an unregistered redirect_uri is refused on the provider's page, never redirected to", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const request = await authorizationRequest(config, { redirect_uri: "https://evil.example/callback" });
    const stop = await follow(api, browser, request.url.href);
    expect(stop.status).toBe(400);
    expect(stop.redirect).toBeUndefined();
    expect(stop.html).toContain("redirect_uri did not match any of the client&#39;s registered redirect_uris");
    expect(stop.html).toContain("invalid_redirect_uri");
  });

  it("PKCE is required, and plain is refused", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const missing = new URL(`${issuer}/auth`);
    missing.search = new URLSearchParams({ client_id: DEMO_CLIENT.id, response_type: "code", scope: "openid", redirect_uri: DEMO_CLIENT.redirectUri, state: "s1" }).toString();
    const noPkce = await follow(api, browser, missing.href);
    expect(Object.fromEntries(noPkce.redirect!.searchParams)).toMatchObject({ error: "invalid_request", error_description: "Authorization Server policy requires PKCE to be used for this request", state: "s1" });
    const plain = new URL(missing);
    plain.searchParams.set("code_challenge", oauth.generateRandomCodeVerifier());
    plain.searchParams.set("code_challenge_method", "plain");
    const plainStop = await follow(api, browser, plain.href);
    expect(Object.fromEntries(plainStop.redirect!.searchParams)).toMatchObject({ error: "invalid_request", error_description: "not supported value of code_challenge_method", state: "s1" });
  });

  it("a code is used once; a second use is invalid_grant", async () => {
    const { code, verifier } = await codeFor();
    const body = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: DEMO_CLIENT.redirectUri };
    expect((await tokenRequest(body)).status).toBe(200);
    expect(await tokenRequest(body)).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });

  it("another client's code is invalid_grant; a wrong verifier too", async () => {
    const { code, verifier } = await codeFor();
    const body = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: DEMO_CLIENT.redirectUri };
    expect(await tokenRequest(body, basic("other-app", otherSecret))).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
    const second = await codeFor();
    expect(await tokenRequest({ ...body, code: second.code, code_verifier: oauth.generateRandomCodeVerifier() })).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });

  it("a wrong, revoked or other application's secret is invalid_client; client_secret_post works with the right one", async () => {
    const { code, verifier } = await codeFor();
    const body = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: DEMO_CLIENT.redirectUri };
    expect(await tokenRequest(body, basic(DEMO_CLIENT.id, randomSecret()))).toEqual({ status: 401, body: { error: "invalid_client", error_description: "client authentication failed" } });
    expect(await tokenRequest(body, basic(DEMO_CLIENT.id, otherSecret))).toEqual({ status: 401, body: { error: "invalid_client", error_description: "client authentication failed" } });
    const posted = await fetch(`${issuer}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...body, client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret }) });
    expect(posted.status).toBe(200);
  });

  it("expired codes, access tokens and refresh tokens are refused", async () => {
    const { code, verifier } = await codeFor();
    await api.db.$executeRaw`UPDATE oidc_provider_records SET expires_at = now() - interval '1 second' WHERE model = 'AuthorizationCode' AND id = ${code}`;
    expect(await tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: DEMO_CLIENT.redirectUri })).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });

    const browser = await api.signedIn("lee.chen@acme.example");
    const tokens = await signIn(api, config, browser, { scope: "openid offline_access", prompt: "consent" });
    await api.db.$executeRaw`UPDATE oidc_provider_records SET expires_at = now() - interval '1 second' WHERE model IN ('AccessToken', 'RefreshToken')`;
    const userinfo = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(401);
    expect(await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! })).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });
});
