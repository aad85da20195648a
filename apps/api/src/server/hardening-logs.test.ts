/**
 * No secret reaches the logs: a production-mode server at the most verbose
 * level, every kind of credential Atrium accepts driven through it over real
 * HTTP (password sign-in, session cookie, API key, SCIM token, device grant
 * codes and token, Stripe signature, SSO code and state, SAML response,
 * metrics token, invitation and device links), and every log line searched
 * for each secret value.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createConnection } from "@atrium/core/sso";
import { createScimToken } from "@atrium/core/scim";
import { systemActor } from "@atrium/core/actor";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../env.ts";
import { buildServer } from "../server.ts";
import { createDemoTestDatabase } from "@atrium/core/seed/testing";

const METRICS_TOKEN = `metrics-${randomBytes(12).toString("hex")}`;
const STRIPE_WEBHOOK_SECRET = `whsec_${randomBytes(16).toString("hex")}`;

const { db, url: databaseUrl, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const lines: string[] = [];
const env = loadApiEnv({
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  PORT: "0",
  LOG_LEVEL: "trace",
  ATRIUM_PUBLIC_URL: "https://atrium.example.test",
  ATRIUM_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ATRIUM_METRICS_TOKEN: METRICS_TOKEN,
  STRIPE_SECRET_KEY: "sk_test_atriumlogcheck",
  STRIPE_WEBHOOK_SECRET,
});
const app = await buildServer({ db, env, logger: true, logStream: { write: (line) => void lines.push(line) } });
await app.listen({ host: "127.0.0.1", port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
afterAll(() => app.close());

/** Every secret this test sends or receives; none may appear in a log line. */
const secrets = new Map<string, string>();
const keep = (what: string, value: string) => {
  expect(value.length, what).toBeGreaterThanOrEqual(8);
  secrets.set(what, value);
  return value;
};

async function trpc(path: string, input: unknown, headers: Record<string, string>, method: "GET" | "POST" = "POST") {
  const body = JSON.stringify({ json: input });
  const response =
    method === "POST"
      ? await fetch(`${base}/trpc/${path}`, { method, headers: { "content-type": "application/json", origin: base, ...headers }, body })
      : await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(body)}`, { headers });
  return { status: response.status, response, data: ((await response.json()) as { result?: { data: { json: unknown } } }).result?.data.json };
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("no secrets in logs", () => {
  it("logs every request without the passwords, tokens, codes and signatures it carried", async () => {
    // Password sign-in (and a wrong password), then the session cookie.
    keep("password", DEMO_PASSWORD);
    expect((await trpc("auth.login", { email: "admin@acme.example", password: keep("wrong password", "wrong-password-9f3k2") }, {})).status).toBe(401);
    const login = await trpc("auth.login", { email: "admin@acme.example", password: DEMO_PASSWORD }, {});
    expect(login.status).toBe(200);
    const cookie = login.response.headers.getSetCookie()[0]!.split(";")[0]!;
    keep("session token", cookie.split("=")[1]!);
    const session = { cookie };
    expect((await trpc("org.get", { orgId: acme }, session, "GET")).status).toBe(200);

    // An API key, created and used as a bearer token.
    const key = (await trpc("apiKeys.create", { orgId: acme, name: "Log check", permissions: ["org:read"] }, session)).data as { token: string };
    keep("API key", key.token);
    expect((await trpc("org.get", { orgId: acme }, { authorization: `Bearer ${key.token}` }, "GET")).status).toBe(200);

    // A SCIM bearer token.
    const scim = await createScimToken(db, systemActor("test"), acme, { name: "Log check IdP", expiresAt: null });
    keep("SCIM token", scim.token);
    expect((await fetch(`${base}/scim/v2/Users?filter=${encodeURIComponent('userName eq "x@acme.example"')}`, { headers: { authorization: `Bearer ${scim.token}` } })).status).toBe(200);

    // The device grant: device code, user code (also in the /device links), access token.
    const code = (await (await fetch(`${base}/oauth/device/code`, form({ client_id: "atrium-cli", scope: "org:read" }))).json()) as { device_code: string; user_code: string };
    keep("device code", code.device_code);
    keep("user code", code.user_code);
    expect((await fetch(`${base}/device?user_code=${code.user_code}`, { redirect: "manual" })).status).toBe(302);
    expect((await fetch(`${base}/admin/device/${code.user_code}`)).status).toBe(200);
    expect((await trpc("device.decide", { userCode: code.user_code, orgId: acme, approve: true }, session)).status).toBe(200);
    const token = (await (await fetch(`${base}/oauth/device/token`, form({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: code.device_code, client_id: "atrium-cli" }))).json()) as { access_token: string };
    keep("device access token", token.access_token);
    expect((await trpc("org.get", { orgId: acme }, { authorization: `Bearer ${token.access_token}` }, "GET")).status).toBe(200);

    // An invitation link (the token is a path segment of the admin SPA).
    const invitationToken = keep("invitation token", randomBytes(24).toString("base64url"));
    expect((await fetch(`${base}/admin/invitations/${invitationToken}`)).status).toBe(200);

    // A Stripe webhook with a valid signature, and the signing secret itself.
    keep("Stripe webhook secret", STRIPE_WEBHOOK_SECRET);
    const payload = JSON.stringify({ id: `evt_${randomBytes(8).toString("hex")}`, object: "event", type: "invoice.paid", created: 1, livemode: false, data: { object: { id: "in_1", object: "invoice" } } });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = keep("Stripe signature", createHmac("sha256", STRIPE_WEBHOOK_SECRET).update(`${timestamp}.${payload}`).digest("hex"));
    expect((await fetch(`${base}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${timestamp},v1=${signature}` }, body: payload })).status).toBe(200);

    // An OIDC sign-in: the state from /login, then the callback with a code (the token endpoint refuses the exchange).
    const connection = await createConnection(db, systemActor("test"), acme, {
      name: "Log check OIDC", provider: "generic_oidc", protocol: "oidc",
      oidc: { issuer: "https://idp.example.test", authorizationUrl: "https://idp.example.test/auth", tokenUrl: "http://127.0.0.1:9/token", jwksUrl: "https://idp.example.test/jwks", clientId: "atrium", clientSecret: keep("OIDC client secret", `client-secret-${randomBytes(8).toString("hex")}`) },
    });
    const start = await fetch(`${base}/auth/oidc/${connection.id}/login`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const state = keep("OIDC state", new URL(start.headers.get("location")!).searchParams.get("state")!);
    const oidcCode = keep("OIDC code", `code-${randomBytes(12).toString("hex")}`);
    const callback = await fetch(`${base}/auth/oidc/${connection.id}/callback?code=${oidcCode}&state=${state}`, { headers: { cookie: `atrium_sso_state=${state}` }, redirect: "manual" });
    expect(callback.status).toBe(401);
    // A SAML response posted to an ACS (not a valid one: refused, and its content not logged).
    const samlResponse = keep("SAML response", Buffer.from(`<samlp:Response ID="${randomBytes(8).toString("hex")}"/>`).toString("base64"));
    expect((await fetch(`${base}/auth/saml/${connection.id}/acs`, form({ SAMLResponse: samlResponse, RelayState: keep("relay state", randomBytes(12).toString("hex")) }))).status).toBeGreaterThanOrEqual(400);

    // The metrics token, right and wrong.
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    keep("metrics token", METRICS_TOKEN);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${keep("wrong metrics token", "not-the-metrics-token")}` } })).status).toBe(401);

    const log = lines.join("");
    // Every request above was logged (one line in, one line out) …
    expect(lines.length).toBeGreaterThanOrEqual(40);
    expect(log).toContain("/admin/invitations/[redacted]");
    expect(log).toContain("/admin/device/[redacted]");
    expect(log).toContain(`/auth/oidc/${connection.id}/callback?code=[redacted]&state=[redacted]`);
    // … and no secret is in any of them.
    for (const [what, value] of secrets) expect(log.includes(value), `${what} appears in the logs`).toBe(false);
  });
});
