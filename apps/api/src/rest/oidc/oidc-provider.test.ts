import { loadOrgAccess, permissionsOf } from "@atrium/core/access";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { DEMO_CLIENT, discover, follow, authorizationRequest, oidc, signIn } from "./oidc-testing.ts";

const api = await startTestApi();
const config = await discover(api);
const acme = api.demo.organizations["acme"]!;
const acmeEmea = api.demo.organizations["acmeEmea"]!;
const globex = api.demo.organizations["globex"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;
const avery = api.demo.users["admin@acme.example"]!;

async function permissionsIn(userId: string, orgId: string) {
  return [...permissionsOf((await loadOrgAccess(api.db, userId, orgId))!, { now: new Date() })].sort();
}

describe("Atrium as OpenID Provider: discovery", () => {
  it("publishes the issuer, code flow with PKCE S256 only, the organization scope and back-channel logout", () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${api.url}/oidc`);
    expect(meta.response_types_supported).toEqual(["code"]);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.scopes_supported).toEqual(["openid", "offline_access", "email", "profile", "organization"]);
    expect(meta.claims_supported).toEqual(expect.arrayContaining(["org_id", "org_name", "roles", "permissions", "plan", "email_verified"]));
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.backchannel_logout_session_supported).toBe(true);
    expect(meta.end_session_endpoint).toBe(`${api.url}/oidc/session/end`);
    expect(meta.introspection_endpoint).toBe(`${api.url}/oidc/token/introspection`);
    expect(meta.revocation_endpoint).toBe(`${api.url}/oidc/token/revocation`);
    expect(meta.id_token_signing_alg_values_supported).toEqual(["RS256"]);
  });
});

describe("Atrium as OpenID Provider: sign-in", () => {
  it("without an Atrium session, the interaction sends the browser to the SPA sign-in, which returns to it", async () => {
    const browser = api.client();
    const request = await authorizationRequest(config);
    const stop = await follow(api, browser, request.url.href);
    expect(stop.status).toBe(303);
    expect(stop.location).toMatch(/^\/admin\/login\?return_to=%2Foidc%2Finteraction%2F[A-Za-z0-9_-]+$/);
  });

  it("a member of one organization gets an id_token with exactly the claims of that organization, and the same at userinfo", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    const tokens = await signIn(api, config, browser);
    const permissions = await permissionsIn(lee, acme);
    expect(permissions.length).toBeGreaterThan(10);
    const expected = {
      sub: lee,
      email: "lee.chen@acme.example",
      email_verified: true,
      name: "Lee Chen",
      org_id: acme,
      org_name: "Acme Corp",
      roles: ["member"],
      permissions,
      plan: "enterprise",
    };
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ ...expected, iss: `${api.url}/oidc`, aud: DEMO_CLIENT.id });
    expect(Object.keys(claims).sort()).toEqual([...Object.keys(expected), "iss", "aud", "exp", "iat", "sid"].sort());
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, lee);
    expect(userinfo).toEqual(expected);
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.sign_in", organizationId: acme }, select: { actorLabel: true, resourceId: true, status: true } });
    expect(audit).toEqual({ actorLabel: "lee.chen@acme.example", resourceId: DEMO_CLIENT.id, status: "success" });
  });

  it("the provider's own session never outlives the Atrium session: signed out of Atrium, the next request asks to sign in again", async () => {
    const browser = await api.signedIn("lee.chen@acme.example");
    await signIn(api, config, browser);
    const silent = await follow(api, browser, (await authorizationRequest(config)).url.href);
    expect(silent.redirect!.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    browser.cookies.delete("atrium_session");
    const again = await follow(api, browser, (await authorizationRequest(config)).url.href);
    expect(again.location).toMatch(/^\/admin\/login\?return_to=%2Foidc%2Finteraction%2F[A-Za-z0-9_-]+$/);
  });

  it("a member of several organizations chooses one on an escaped page; the tokens carry the one chosen", async () => {
    const browser = await api.signedIn("admin@acme.example");
    const request = await authorizationRequest(config);
    const page = await follow(api, browser, request.url.href);
    expect(page.status).toBe(200);
    const action = /<form method="post" action="([^"]+)">/.exec(page.html!)![1]!;
    expect(action).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
    const choices = [...page.html!.matchAll(/<button type="submit" name="organization" value="([^"]+)">([^<]+)<\/button>/g)].map((m) => [m[1], m[2]]);
    expect(choices).toEqual([
      [acmeCanadaId(), "Acme Canada"],
      [acme, "Acme Corp"],
      [acmeEmea, "Acme EMEA"],
      [api.demo.organizations["acmeNorthAmerica"], "Acme North America"],
    ]);
    const stop = await follow(api, browser, action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `organization=${acmeEmea}` });
    const tokens = await oidc.authorizationCodeGrant(config, stop.redirect!, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ sub: avery, org_id: acmeEmea, org_name: "Acme EMEA", roles: ["owner"], plan: "enterprise", permissions: await permissionsIn(avery, acmeEmea) });
  });

  it("the organization parameter (slug or id) selects the organization without a page", async () => {
    const browser = await api.signedIn("admin@acme.example");
    expect((await signIn(api, config, browser, { organization: "acme-ca" })).claims()).toMatchObject({ org_id: acmeCanadaId(), org_name: "Acme Canada" });
    expect((await signIn(api, config, browser, { organization: acme })).claims()).toMatchObject({ org_id: acme, org_name: "Acme Corp" });
  });

  it("an organization the person does not belong to ends in access_denied at the application, audited", async () => {
    const browser = await api.signedIn("admin@acme.example");
    const request = await authorizationRequest(config, { organization: globex });
    const stop = await follow(api, browser, request.url.href);
    expect(stop.redirect!.origin + stop.redirect!.pathname).toBe(DEMO_CLIENT.redirectUri);
    expect(stop.redirect!.searchParams.get("error")).toBe("access_denied");
    expect(stop.redirect!.searchParams.get("state")).toBe(request.state);
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.sign_in_denied", actorId: avery }, orderBy: { occurredAt: "desc" }, select: { organizationId: true, status: true, details: true } });
    expect(audit).toEqual({ organizationId: null, status: "denied", details: { reason: "not an active member of the organization", requestedOrganization: globex } });
  });

  it("the organization's IP allowlist and MFA policy refuse the sign-in with access_denied, audited on its log", async () => {
    const initech = api.demo.organizations["initech"]!;
    const bill = await api.signedIn("bill.lumbergh@initech.example");
    await api.db.ipAllowlistEntry.create({ data: { organizationId: initech, cidr: "203.0.113.0/24" } });
    const blocked = await follow(api, bill, (await authorizationRequest(config)).url.href);
    expect(blocked.redirect!.searchParams.get("error")).toBe("access_denied");
    await api.db.ipAllowlistEntry.deleteMany({ where: { organizationId: initech } });
    await api.db.mfaPolicy.create({ data: { organizationId: initech, required: true } });
    const noMfa = await follow(api, bill, (await authorizationRequest(config)).url.href);
    expect(noMfa.redirect!.searchParams.get("error")).toBe("access_denied");
    const denials = await api.db.auditEvent.findMany({ where: { action: "oidc.sign_in_denied", organizationId: initech }, orderBy: { occurredAt: "asc" }, select: { status: true, details: true } });
    expect(denials).toEqual([
      { status: "denied", details: { reason: "IP address not in the organization's IP allowlist" } },
      { status: "denied", details: { reason: "the organization requires multi-factor authentication and the session has none" } },
    ]);
  });
});

function acmeCanadaId() {
  return api.demo.organizations["acmeCanada"]!;
}
