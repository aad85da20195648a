/**
 * RFC 8628 against the real HTTP server, driven by oauth4webapi's device-flow
 * client as a CLI would: pending, slow_down, expiry, denial, approval, and the
 * issued token — usable in its one organization within its scopes, listed in
 * the user's sessions, dead once revoked.
 */
import * as oauth from "oauth4webapi";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { deviceGrant } from "./device-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const { as, cli, insecure } = deviceGrant(api.url);

async function startDeviceFlow(scope: string, client = cli) {
  const response = await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope }, insecure);
  return oauth.processDeviceAuthorizationResponse(as, client, response);
}

/** One poll; the OAuth error code, or the token response. */
async function poll(deviceCode: string, client = cli): Promise<oauth.TokenEndpointResponse | string> {
  const response = await oauth.deviceCodeGrantRequest(as, client, oauth.None(), deviceCode, insecure);
  try {
    return await oauth.processDeviceCodeResponse(as, client, response);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return error.error;
    throw error;
  }
}

/** The interval has passed (the test moves the last poll back instead of sleeping). */
const intervalElapsed = (userCode: string) =>
  api.db.deviceAuthorization.update({ where: { userCode: userCode.replace("-", "") }, data: { lastPolledAt: new Date(Date.now() - 3600_000) } });

async function callWithBearer(token: string, path: string, input: unknown) {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  return fetch(`${api.url}/trpc/${path}?input=${encoded}`, { headers: { authorization: `Bearer ${token}` } });
}

describe("device authorization grant", () => {
  it("issues user codes without ambiguous characters and accepts them in any case, with or without the dash", async () => {
    const flow = await startDeviceFlow("org:read");
    expect(flow.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(flow.verification_uri).toMatch(/\/device$/);
    expect(flow.interval).toBe(5);
    const admin = await api.signedIn("admin@acme.example");
    const seen = await admin.trpc.device.lookup.mutate({ userCode: flow.user_code.replace("-", "").toLowerCase() });
    expect(seen).toMatchObject({ userCode: flow.user_code, client: { id: "atrium-cli", name: "Atrium CLI" }, scopes: ["org:read"] });
  });

  it("answers authorization_pending, then slow_down (with a longer interval) when polled faster than the interval", async () => {
    const flow = await startDeviceFlow("org:read");
    expect(await poll(flow.device_code)).toBe("authorization_pending");
    expect(await poll(flow.device_code)).toBe("slow_down");
    const row = await api.db.deviceAuthorization.findUniqueOrThrow({ where: { userCode: flow.user_code.replace("-", "") } });
    expect(row.intervalSeconds).toBe(10);
    await intervalElapsed(flow.user_code);
    expect(await poll(flow.device_code)).toBe("authorization_pending");
  });

  it("answers expired_token once the device code has expired", async () => {
    const flow = await startDeviceFlow("org:read");
    await api.db.deviceAuthorization.update({ where: { userCode: flow.user_code.replace("-", "") }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await poll(flow.device_code)).toBe("expired_token");
  });

  it("answers access_denied after the user denies, and audits the decision", async () => {
    const flow = await startDeviceFlow("org:read");
    const admin = await api.signedIn("admin@acme.example");
    await admin.trpc.device.decide.mutate({ userCode: flow.user_code, orgId: acme, approve: false });
    expect(await poll(flow.device_code)).toBe("access_denied");
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "device.authorize", organizationId: acme }, orderBy: { seq: "desc" } });
    expect(event.details).toMatchObject({ decision: "denied", clientId: "atrium-cli" });

    // Denying needs no organization; approving does.
    const second = await startDeviceFlow("org:read");
    await expect(admin.trpc.device.decide.mutate({ userCode: second.user_code, orgId: null, approve: true })).rejects.toMatchObject({
      data: { code: "BAD_REQUEST" },
    });
    await admin.trpc.device.decide.mutate({ userCode: second.user_code, orgId: null, approve: false });
    expect(await poll(second.device_code)).toBe("access_denied");
  });

  it("refuses unknown clients (invalid_client), unknown scopes, and a device code polled by another client (invalid_grant)", async () => {
    const unknown = await oauth.deviceAuthorizationRequest(as, { client_id: "nobody" }, oauth.None(), { scope: "org:read" }, insecure);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("www-authenticate")).toBeNull();
    expect(await unknown.json()).toMatchObject({ error: "invalid_client" });
    const badScope = await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: "org:read rockets:launch" }, insecure);
    expect(await badScope.json()).toMatchObject({ error: "invalid_scope" });
    const flow = await startDeviceFlow("org:read");
    expect(await poll(flow.device_code, { client_id: "atrium-terraform" })).toBe("invalid_grant");
    expect(await poll("not-a-device-code")).toBe("invalid_grant");
  });

  it("issues a token after approval that works in the approved organization only, within its scopes, once; revoking it ends it", async () => {
    const flow = await startDeviceFlow("org:read members:read");
    const admin = await api.signedIn("admin@acme.example");
    expect(await poll(flow.device_code)).toBe("authorization_pending");
    await admin.trpc.device.decide.mutate({ userCode: flow.user_code.toLowerCase(), orgId: acme, approve: true });
    await intervalElapsed(flow.user_code);
    const response = await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), flow.device_code, insecure);
    expect([response.headers.get("cache-control"), response.headers.get("pragma")]).toEqual(["no-store", "no-cache"]);
    const token = await oauth.processDeviceCodeResponse(as, cli, response);
    expect(token.token_type).toBe("bearer");
    expect(token.access_token).toMatch(/^atd_[a-z2-7]{8}_[a-z2-7]{52}$/);
    expect(token.scope).toBe("org:read members:read");
    expect(await api.db.deviceToken.count({ where: { secretHash: token.access_token } })).toBe(0);

    // The device code is spent.
    await intervalElapsed(flow.user_code);
    expect(await poll(flow.device_code)).toBe("invalid_grant");

    expect((await callWithBearer(token.access_token, "org.get", { orgId: acme })).status).toBe(200);
    expect((await callWithBearer(token.access_token, "members.list", { orgId: acme })).status).toBe(200);
    // Admin@acme owns Acme Canada too, but the token was approved for Acme only; Globex is another tenant.
    expect((await callWithBearer(token.access_token, "org.get", { orgId: api.demo.organizations["acmeCanada"]! })).status).toBe(404);
    expect((await callWithBearer(token.access_token, "org.get", { orgId: globex })).status).toBe(404);
    // The owner may read the audit log, but the token's scopes do not include it.
    expect((await callWithBearer(token.access_token, "audit.events.search", { orgId: acme })).status).toBe(403);
    // Device tokens are not sessions: personal procedures refuse them.
    expect((await callWithBearer(token.access_token, "sessions.list", undefined)).status).toBe(403);

    const sessions = await admin.trpc.sessions.list.query();
    const listed = sessions.find((s) => s.kind === "device" && s.prefix === token.access_token.slice(0, 12));
    expect(listed).toMatchObject({ client: "Atrium CLI", organization: { id: acme, name: "Acme Corp" }, scopes: ["org:read", "members:read"] });

    await admin.trpc.sessions.revoke.mutate({ kind: "device", id: listed!.id });
    expect((await callWithBearer(token.access_token, "org.get", { orgId: acme })).status).toBe(401);
    const actions = await api.db.auditEvent.findMany({ where: { organizationId: acme, resourceId: listed!.id }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["device.token_issue", "device.token_revoke"]);
  });

  it("lets nobody approve for an organization they do not belong to, or scopes they do not hold", async () => {
    const flow = await startDeviceFlow("members:invite");
    const outsider = await api.signedIn("it@globex.example");
    await expect(outsider.trpc.device.decide.mutate({ userCode: flow.user_code, orgId: acme, approve: true })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    const viewer = await api.signedIn("auditor@acme.example");
    await expect(viewer.trpc.device.decide.mutate({ userCode: flow.user_code, orgId: acme, approve: true })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
    expect(await poll(flow.device_code)).toBe("authorization_pending");
  });

  it("answers a wrong user code with NOT_FOUND, and errors in the RFC's JSON shape for a bad grant type", async () => {
    const admin = await api.signedIn("sam.patel@acme.example");
    await expect(admin.trpc.device.lookup.mutate({ userCode: "BCDF-GHJK" })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    const response = await fetch(`${api.url}/oauth/device/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", client_id: "atrium-cli" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "unsupported_grant_type", error_description: expect.any(String) });
  });

  it("sends /device?user_code=… to the admin page with the code in the path (so it survives sign-in)", async () => {
    const withCode = await fetch(`${api.url}/device?user_code=wdjbmjht`, { redirect: "manual" });
    expect(withCode.status).toBe(302);
    expect(withCode.headers.get("location")).toBe("/admin/device/WDJB-MJHT");
    const without = await fetch(`${api.url}/device?user_code=not-a-code`, { redirect: "manual" });
    expect(without.headers.get("location")).toBe("/admin/device");
  });
});
