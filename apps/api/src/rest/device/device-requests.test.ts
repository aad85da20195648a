/**
 * RFC 6749's rules for requests and answers on the device grant's two POST
 * endpoints, over real HTTP with raw fetch (malformed requests a conformant
 * client never sends), plus a full flow by oauth4webapi as a strict RFC 8628
 * client: every answer uncacheable, each parameter at most once, a missing
 * grant type an invalid request, an unknown public client a 400 (a 401 only
 * with WWW-Authenticate), and 405 with Allow for other methods.
 */
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { deviceGrant } from "./device-testing.ts";
import { DEVICE_GRANT_TYPE } from "./device.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const { as, cli, insecure } = deviceGrant(api.url);

/** A raw form POST; the body is given as written so parameters can repeat. */
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

const answer = async (response: Response) => ({
  status: response.status,
  cacheControl: response.headers.get("cache-control"),
  pragma: response.headers.get("pragma"),
  wwwAuthenticate: response.headers.get("www-authenticate"),
  body: (await response.json()) as { error?: string },
});

const grant = encodeURIComponent(DEVICE_GRANT_TYPE);

async function newDeviceCode(): Promise<{ device_code: string; user_code: string }> {
  const response = await post("/oauth/device/code", "client_id=atrium-cli&scope=org%3Aread");
  expect(response.status).toBe(200);
  return (await response.json()) as { device_code: string; user_code: string };
}

describe("device grant requests (RFC 6749 §3.1, §3.2, §5.1, §5.2)", () => {
  it("runs the whole flow for oauth4webapi, every answer marked no-store and no-cache", async () => {
    const started = await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: "org:read" }, insecure);
    expect([started.headers.get("cache-control"), started.headers.get("pragma")]).toEqual(["no-store", "no-cache"]);
    const flow = await oauth.processDeviceAuthorizationResponse(as, cli, started);

    const pending = await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), flow.device_code, insecure);
    expect([pending.status, pending.headers.get("cache-control"), pending.headers.get("pragma")]).toEqual([400, "no-store", "no-cache"]);
    await expect(oauth.processDeviceCodeResponse(as, cli, pending)).rejects.toMatchObject({ error: "authorization_pending" });

    const admin = await api.signedIn("admin@acme.example");
    await admin.trpc.device.decide.mutate({ userCode: flow.user_code, orgId: acme, approve: true });
    await api.db.deviceAuthorization.update({ where: { userCode: flow.user_code.replace("-", "") }, data: { lastPolledAt: new Date(Date.now() - 3600_000) } });
    const issued = await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), flow.device_code, insecure);
    expect([issued.status, issued.headers.get("cache-control"), issued.headers.get("pragma")]).toEqual([200, "no-store", "no-cache"]);
    const token = await oauth.processDeviceCodeResponse(as, cli, issued);
    expect(token).toMatchObject({ token_type: "bearer", scope: "org:read" });
    expect(token.access_token).toMatch(/^atd_/);
  });

  it("answers a token request without grant_type with invalid_request, and another grant type with unsupported_grant_type", async () => {
    const { device_code } = await newDeviceCode();
    const missing = await answer(await post("/oauth/device/token", `client_id=atrium-cli&device_code=${device_code}`));
    expect(missing).toEqual({ status: 400, cacheControl: "no-store", pragma: "no-cache", wwwAuthenticate: null, body: { error: "invalid_request", error_description: "grant_type is required." } });
    const other = await answer(await post("/oauth/device/token", `grant_type=password&client_id=atrium-cli`));
    expect([other.status, other.body.error]).toEqual([400, "unsupported_grant_type"]);
  });

  it("refuses a parameter sent twice with invalid_request instead of letting the last one win", async () => {
    const twoClients = await answer(await post("/oauth/device/code", "client_id=nobody&client_id=atrium-cli"));
    expect(twoClients).toEqual({
      status: 400, cacheControl: "no-store", pragma: "no-cache", wwwAuthenticate: null,
      body: { error: "invalid_request", error_description: "The parameter client_id must not be sent more than once." },
    });
    const twoScopes = await answer(await post("/oauth/device/code", "client_id=atrium-cli&scope=org%3Aread&scope=members%3Aread"));
    expect([twoScopes.status, twoScopes.body.error]).toEqual([400, "invalid_request"]);

    const first = await newDeviceCode();
    const second = await newDeviceCode();
    const twoCodes = await answer(await post("/oauth/device/token", `grant_type=${grant}&client_id=atrium-cli&device_code=${first.device_code}&device_code=${second.device_code}`));
    expect([twoCodes.status, twoCodes.body.error]).toEqual([400, "invalid_request"]);
    const twoGrants = await answer(await post("/oauth/device/token", `grant_type=${grant}&grant_type=${grant}&client_id=atrium-cli&device_code=${first.device_code}`));
    expect([twoGrants.status, twoGrants.body.error]).toEqual([400, "invalid_request"]);
    // Neither code was polled by the refused requests.
    const polled = await api.db.deviceAuthorization.count({ where: { userCode: { in: [first.user_code, second.user_code].map((c) => c.replace("-", "")) }, lastPolledAt: { not: null } } });
    expect(polled).toBe(0);
  });

  it("answers an unknown public client with 400 invalid_client, and with 401 and WWW-Authenticate only when it tried to authenticate", async () => {
    const publicClient = await answer(await post("/oauth/device/code", "client_id=nobody"));
    expect(publicClient).toEqual({ status: 400, cacheControl: "no-store", pragma: "no-cache", wwwAuthenticate: null, body: { error: "invalid_client", error_description: "Unknown client_id." } });
    const { device_code } = await newDeviceCode();
    const polling = await answer(await post("/oauth/device/token", `grant_type=${grant}&client_id=nobody&device_code=${device_code}`));
    expect([polling.status, polling.wwwAuthenticate, polling.body.error]).toEqual([400, null, "invalid_client"]);

    const basic = `Basic ${Buffer.from("nobody:secret").toString("base64")}`;
    const authenticated = await answer(await post("/oauth/device/code", "client_id=nobody", { authorization: basic }));
    expect(authenticated).toEqual({
      status: 401, cacheControl: "no-store", pragma: "no-cache", wwwAuthenticate: 'Basic realm="atrium", error="invalid_client"',
      body: { error: "invalid_client", error_description: "Unknown client_id." },
    });
  });

  it("answers other methods on the POST endpoints with 405 and Allow: POST", async () => {
    for (const path of ["/oauth/device/code", "/oauth/device/token"]) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const response = await fetch(`${api.url}${path}`, { method });
        expect([response.status, response.headers.get("allow"), response.headers.get("pragma")]).toEqual([405, "POST", "no-cache"]);
        expect(await response.json()).toEqual({ error: "invalid_request", error_description: `Use POST for ${path} (not ${method}).` });
      }
      const head = await fetch(`${api.url}${path}`, { method: "HEAD" });
      expect([head.status, head.headers.get("allow")]).toEqual([405, "POST"]);
    }
  });
});
