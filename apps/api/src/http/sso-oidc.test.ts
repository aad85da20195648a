/**
 * OIDC sign-in through our real HTTP endpoints, with oidc-provider running
 * in-process as the OpenID Provider: the full authorization code + PKCE
 * flow, and the refusals (wrong state, wrong nonce, expired id_token, wrong
 * audience). A token-endpoint relay in front of the provider lets a test hand
 * our callback a genuine id_token from another flow, as a token-substitution
 * attacker would.
 */
import { createServer, type Server } from "node:http";
import { createConnection, setConnectionStatus, systemActor } from "@atrium/core";
import { createOidcProvider, HttpBrowser } from "@atrium/sso-sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { startTestApi } from "../testing.ts";

let clockOffsetMs = 0;
const api = await startTestApi({ sso: { now: () => new Date(Date.now() + clockOffsetMs) } });
const globex = api.demo.organizations["globex"]!;
const admin = systemActor("sso-test");
await api.db.ssoDomain.create({ data: { organizationId: globex, domain: "globex.example", token: "t", verifiedAt: new Date() } });

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));

// The OpenID Provider (its issuer URL needs the port, so it is created after listening).
const provider: { current?: ReturnType<typeof createOidcProvider> } = {};
const opServer = createServer((req, res) => {
  void provider.current!.handle(req, res).then((handled) => handled || res.writeHead(404).end());
});
const opUrl = await listen(opServer);
const client = (client_id: string) => ({
  client_id,
  client_secret: `${client_id}-secret`,
  redirect_uris: [`${api.url}/auth/oidc/registered-later/callback`],
  grant_types: ["authorization_code"],
  response_types: ["code"] as ["code"],
  token_endpoint_auth_method: "client_secret_basic" as const,
});
const op = (provider.current = createOidcProvider({ issuer: `${opUrl}/oidc`, clients: [client("atrium"), client("other-app")], allowLoopbackRedirects: true }));

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
afterAll(() => new Promise<void>((resolve) => opServer.close(() => relay.close(() => resolve()))));

async function oidcConnection(name: string, clientId: string, viaDiscovery: boolean) {
  const row = await createConnection(api.db, admin, globex, {
    name,
    provider: "generic_oidc",
    protocol: "oidc",
    oidc: viaDiscovery
      ? { discoveryUrl: op.discoveryUrl, clientId, clientSecret: `${clientId}-secret` }
      : { issuer: `${opUrl}/oidc`, authorizationUrl: `${opUrl}/oidc/auth`, tokenUrl: `${relayUrl}/token`, jwksUrl: `${opUrl}/oidc/jwks`, clientId, clientSecret: `${clientId}-secret` },
  });
  await setConnectionStatus(api.db, admin, globex, row.id, "live");
  return row.id;
}

const discovered = await oidcConnection("Discovered", "atrium", true);
const relayed = await oidcConnection("Relayed", "atrium", false);
const otherApp = await oidcConnection("Other app", "other-app", false);

/** Our login → the provider's login page → choose a person → back to our callback; returns our callback's answer. */
async function signIn(connectionId: string, sub = "karl", browser = new HttpBrowser()) {
  const start = await browser.follow(`${api.url}/auth/oidc/${connectionId}/login`);
  expect(start.response.status).toBe(200);
  expect(start.url).toMatch(new RegExp(`^${opUrl}/oidc/interaction/`));
  await start.response.text();
  const done = await browser.follow(
    start.url,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `sub=${sub}` },
    (next) => next.pathname.startsWith("/admin"),
  );
  return { browser, response: done.response, callbackUrl: done.url };
}

async function lastRefusal() {
  const event = await api.db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true } });
  return event?.details as { reason: string; detail: string } | undefined;
}

async function expectRefused(response: Response, reason: string) {
  expect(response.status).toBe(401);
  const page = await response.text();
  expect(page).toContain("Sign-in failed");
  expect(page).not.toContain(reason);
  const refusal = await lastRefusal();
  expect(refusal?.reason, refusal?.detail).toBe(reason);
}

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
    const me = await fetch(`${api.url}/trpc/auth.me`, { headers: { cookie: `atrium_session=${token}` } });
    expect(((await me.json()) as { result: { data: { json: { user: { email: string } } } } }).result.data.json.user.email).toBe("karl.berg@globex.example");
    const session = await api.db.session.findFirstOrThrow({ where: { ssoConnectionId: discovered }, select: { authMethod: true } });
    expect(session.authMethod).toBe("oidc");
  });

  it("provisions a new person with the id_token's claims", async () => {
    const { response } = await signIn(discovered, "nina");
    expect(response.status).toBe(303);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true, name: true } });
    expect(user.name).toBe("Nina Novak");
    const membership = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: globex, userId: user.id } }, select: { role: true, attributes: true } });
    expect(membership).toEqual({ role: "member", attributes: { department: "Engineering", title: "Site Reliability Engineer", groups: ["engineering", "on-call"] } });
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
