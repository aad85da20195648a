/**
 * OIDC sign-in through our real HTTP endpoints, with oidc-provider running
 * in-process as the OpenID Provider: the full authorization code + PKCE
 * flow, and the refusals (wrong state, wrong nonce, expired id_token, wrong
 * audience). The provider runs in oidc-provider's defaults, so the id_token
 * carries only `sub` and the profile is read at UserInfo. A token-endpoint
 * relay in front of the provider lets a test hand our callback a genuine
 * id_token from another flow, as a token-substitution attacker would; a
 * UserInfo relay makes the provider's UserInfo misbehave. A second provider
 * rolls its signing key over between two sign-ins.
 */
import { createServer } from "node:http";
import { createConnection, setConnectionStatus, setRoleMappings } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { HttpBrowser } from "@atrium/sso-sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { expectRefused as expectRefusedIn, lastRefusal, listen, oidcSignIn, opClient, startTestOp, whoIs } from "./oidc-testing.ts";

let clockOffsetMs = 0;
const api = await startTestApi({ sso: { now: () => new Date(Date.now() + clockOffsetMs) } });
const globex = api.demo.organizations["globex"]!;
const admin = systemActor("sso-test");
await api.db.ssoDomain.create({ data: { organizationId: globex, domain: "globex.example", token: "t", verifiedAt: new Date() } });

// The OpenID Provider in oidc-provider's defaults: the id_token carries only sub, the profile is at UserInfo.
const op = await startTestOp({ clients: [opClient(api.url, "atrium"), opClient(api.url, "other-app")] });
const opUrl = op.url;

// The relay in front of the token endpoint: records id_tokens, can substitute one.
const seenIdTokens: string[] = [];
let substitute: string | null = null;
const relay = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      const upstream = await fetch(`${opUrl}/oidc/token`, {
        method: "POST",
        headers: { authorization: req.headers.authorization ?? "", "content-type": req.headers["content-type"] ?? "" },
        body: Buffer.concat(chunks),
      });
      const body = (await upstream.json()) as Record<string, unknown>;
      if (typeof body["id_token"] === "string") seenIdTokens.push(body["id_token"]);
      if (substitute) [body["id_token"], substitute] = [substitute, null];
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(JSON.stringify(body));
    })();
  });
});
const relayUrl = await listen(relay);
afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

// The relay in front of UserInfo: answers for another sub, as a JWT, or an error.
let userinfoMode: "other-sub" | "jwt" | "error" = "other-sub";
const userinfoRelay = createServer((req, res) => {
  void (async () => {
    const upstream = await fetch(`${opUrl}/oidc/me`, { headers: { authorization: req.headers.authorization ?? "" } });
    const claims = (await upstream.json()) as Record<string, unknown>;
    if (userinfoMode === "error") res.writeHead(503, { "content-type": "application/json" }).end('{"error":"temporarily_unavailable"}');
    else if (userinfoMode === "jwt") res.writeHead(200, { "content-type": "application/jwt" }).end("eyJhbGciOiJub25lIn0.e30.");
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...claims, sub: "someone-else" }));
  })();
});
const userinfoRelayUrl = await listen(userinfoRelay);
afterAll(() => new Promise<void>((resolve) => userinfoRelay.close(() => resolve())));

async function oidcConnection(name: string, clientId: string, viaDiscovery: boolean, endpoints: { discoveryUrl?: string; tokenUrl?: string; userinfoUrl?: string } = {}) {
  const row = await createConnection(api.db, admin, globex, {
    name,
    provider: "generic_oidc",
    protocol: "oidc",
    oidc: viaDiscovery
      ? { discoveryUrl: endpoints.discoveryUrl ?? op.discoveryUrl, clientId, clientSecret: `${clientId}-secret` }
      : {
          issuer: `${opUrl}/oidc`,
          authorizationUrl: `${opUrl}/oidc/auth`,
          tokenUrl: endpoints.tokenUrl ?? `${relayUrl}/token`,
          jwksUrl: `${opUrl}/oidc/jwks`,
          userinfoUrl: endpoints.userinfoUrl ?? `${opUrl}/oidc/me`,
          clientId,
          clientSecret: `${clientId}-secret`,
        },
  });
  await setConnectionStatus(api.db, admin, globex, row.id, "live", { confirmName: row.name });
  return row.id;
}

const discovered = await oidcConnection("Discovered", "atrium", true);
const relayed = await oidcConnection("Relayed", "atrium", false);
const otherApp = await oidcConnection("Other app", "other-app", false);

const signIn = (connectionId: string, sub = "karl", browser = new HttpBrowser()) => oidcSignIn(api.url, op, connectionId, sub, browser);
const expectRefused = (response: Response, reason: string) => expectRefusedIn(api.db, response, reason);

describe("OIDC sign-in", () => {
  it("sends the browser to the provider with PKCE (S256), state and nonce", async () => {
    const browser = new HttpBrowser();
    const response = await browser.request(`${api.url}/auth/oidc/${discovered}/login`);
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get("location")!);
    expect(url.origin + url.pathname).toBe(`${opUrl}/oidc/auth`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("state")).toBe(browser.cookie(new URL(api.url).host, "atrium_sso_state"));
    expect(url.searchParams.get("redirect_uri")).toBe(`${api.url}/auth/oidc/${discovered}/callback`);
  });

  it("completes the code + PKCE flow from a discovery URL and signs the person in", async () => {
    const { browser, response } = await signIn(discovered, "karl");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/admin/orgs/${globex}`);
    const token = browser.cookie(new URL(api.url).host, "atrium_session");
    expect(token).toBeTruthy();
    expect(await whoIs(api.url, token!)).toBe("karl.berg@globex.example");
    const session = await api.db.session.findFirstOrThrow({ where: { ssoConnectionId: discovered }, select: { authMethod: true } });
    expect(session.authMethod).toBe("oidc");
  });

  it("provisions a new person with the claims read at UserInfo (the id_token holds only sub)", async () => {
    const { response } = await signIn(discovered, "nina");
    expect(response.status).toBe(303);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true, name: true } });
    expect(user.name).toBe("Nina Novak");
    const membership = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: globex, userId: user.id } }, select: { role: true, attributes: true } });
    expect(membership).toEqual({ role: "member", attributes: { department: "Engineering", title: "Site Reliability Engineer", groups: ["engineering", "on-call"] } });
  });

  it("reads name and groups at UserInfo when the id_token holds only sub, and maps the groups to a role", async () => {
    await setRoleMappings(api.db, admin, globex, relayed, [{ idpGroup: "finance", role: "admin" }]);
    const { response } = await signIn(relayed, "omar");
    expect(response.status).toBe(303);
    const idToken = JSON.parse(Buffer.from(seenIdTokens.at(-1)!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(idToken["sub"]).toBe("omar");
    expect([idToken["email"], idToken["name"], idToken["groups"]]).toEqual([undefined, undefined, undefined]);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "omar.haddad@globex.example" }, select: { id: true, name: true } });
    expect(user.name).toBe("Omar Haddad");
    const membership = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: globex, userId: user.id } }, select: { role: true, attributes: true } });
    expect(membership).toEqual({ role: "admin", attributes: { department: "Finance", title: "Controller", groups: ["finance"] } });
  });

  it("stores the UserInfo endpoint found by discovery", async () => {
    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id: discovered }, select: { oidcUserinfoUrl: true } });
    expect(row.oidcUserinfoUrl).toBe(`${opUrl}/oidc/me`);
  });

  it("a connection discovered before the UserInfo endpoint was stored finds it again at its next sign-in", async () => {
    const older = await oidcConnection("Discovered earlier", "atrium", true);
    await api.db.ssoConnection.update({ where: { id: older }, data: { oidcUserinfoUrl: null } });
    const { browser, response } = await signIn(older, "karl");
    expect(response.status).toBe(303);
    expect(await whoIs(api.url, browser.cookie(new URL(api.url).host, "atrium_session")!)).toBe("karl.berg@globex.example");
    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id: older }, select: { oidcUserinfoUrl: true } });
    expect(row.oidcUserinfoUrl).toBe(`${opUrl}/oidc/me`);
  });

  it("keeps the client secret encrypted at rest, bound to its row", async () => {
    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id: discovered }, select: { oidcClientSecret: true } });
    expect(row.oidcClientSecret).toMatch(/^v1\./);
    expect(row.oidcClientSecret).not.toContain("atrium-secret");
  });
});

describe("OIDC refusals", () => {
  it("wrong state: a callback whose state is not this browser's", async () => {
    const browser = new HttpBrowser();
    await browser.request(`${api.url}/auth/oidc/${discovered}/login`);
    const response = await browser.request(`${api.url}/auth/oidc/${discovered}/callback?state=forged-state&code=whatever`);
    await expectRefused(response, "state_mismatch");
  });

  it("wrong state: another browser's callback (login CSRF) is refused", async () => {
    const victim = new HttpBrowser();
    await victim.request(`${api.url}/auth/oidc/${relayed}/login`);
    // The attacker completes their own flow up to the callback and hands the URL to the victim.
    const attacker = new HttpBrowser();
    const start = await attacker.follow(`${api.url}/auth/oidc/${relayed}/login`);
    await start.response.text();
    const stop = await attacker.follow(start.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "sub=karl" }, (next) => next.pathname.endsWith("/callback"));
    const callback = new URL(stop.response.headers.get("location")!, stop.url).toString();
    await expectRefused(await victim.request(callback), "state_mismatch");
  });

  it("wrong nonce: an id_token from an earlier flow of the same client", async () => {
    const first = await signIn(relayed, "karl");
    expect(first.response.status).toBe(303);
    substitute = seenIdTokens.at(-1)!;
    const { response } = await signIn(relayed, "karl");
    await expectRefused(response, "nonce_mismatch");
  });

  it("wrong audience: a genuine id_token issued to another client", async () => {
    const other = await signIn(otherApp, "karl");
    expect(other.response.status).toBe(303);
    substitute = seenIdTokens.at(-1)!;
    const { response } = await signIn(relayed, "karl");
    await expectRefused(response, "wrong_audience");
  });

  it("expired id_token: our clock is past its exp (beyond the 60 s tolerance)", async () => {
    clockOffsetMs = 2 * 3_600_000;
    try {
      const { response } = await signIn(discovered, "karl");
      await expectRefused(response, "id_token_expired");
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("the same state cannot be used twice", async () => {
    const browser = new HttpBrowser();
    const start = await browser.follow(`${api.url}/auth/oidc/${discovered}/login`);
    await start.response.text();
    const stop = await browser.follow(start.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "sub=karl" }, (next) => next.pathname.endsWith("/callback"));
    const callback = new URL(stop.response.headers.get("location")!, stop.url).toString();
    const state = browser.cookie(new URL(api.url).host, "atrium_sso_state")!;
    expect((await browser.request(callback)).status).toBe(303);
    // Replaying the callback with the state cookie put back: the stored request is gone.
    browser.cookies.get(new URL(api.url).host)!.set("atrium_sso_state", state);
    await expectRefused(await browser.request(callback), "unknown_state");
  });
});

describe("UserInfo refusals", () => {
  const viaUserinfoRelay = oidcConnection("UserInfo relayed", "atrium", false, { tokenUrl: `${opUrl}/oidc/token`, userinfoUrl: `${userinfoRelayUrl}/me` });

  it("UserInfo about another sub than the id_token's", async () => {
    userinfoMode = "other-sub";
    const { response } = await signIn(await viaUserinfoRelay, "karl");
    await expectRefused(response, "userinfo_sub_mismatch");
  });

  it("UserInfo answered as a JWT (application/jwt) is refused with a reason saying so", async () => {
    userinfoMode = "jwt";
    const { response } = await signIn(await viaUserinfoRelay, "karl");
    await expectRefused(response, "userinfo_failed");
    expect((await lastRefusal(api.db))?.detail).toMatch(/answered a JWT \(application\/jwt\)/);
  });

  it("a UserInfo endpoint that fails", async () => {
    userinfoMode = "error";
    const { response } = await signIn(await viaUserinfoRelay, "karl");
    await expectRefused(response, "userinfo_failed");
    expect((await lastRefusal(api.db))?.detail).toMatch(/^The UserInfo endpoint answered HTTP 503/);
  });
});

describe("signing key rollover", () => {
  it("a sign-in right after the OP replaced its signing key succeeds (unknown kid: the JWKS is fetched again at once)", async () => {
    const rolling = await startTestOp({ clients: [opClient(api.url, "atrium")] });
    const connectionId = await oidcConnection("Rolling keys", "atrium", true, { discoveryUrl: rolling.discoveryUrl });
    const before = await oidcSignIn(api.url, rolling, connectionId, "karl");
    expect(before.response.status).toBe(303);
    rolling.replace({ clients: [opClient(api.url, "atrium")] });
    const after = await oidcSignIn(api.url, rolling, connectionId, "karl");
    expect(after.response.status).toBe(303);
    expect(await whoIs(api.url, after.session!)).toBe("karl.berg@globex.example");
  });
});
