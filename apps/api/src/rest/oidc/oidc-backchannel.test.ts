import { createServer } from "node:http";
import { loadOrgAccess, permissionsOf } from "@atrium/core/access";
import { removeMember } from "@atrium/core/members";
import { systemActor } from "@atrium/core/actor";
import { createAtriumProvider, loadSigningJwks, processBackchannelLogouts, purgeOidcProviderData, retryFailedDeliveries, rotateSigningKeys } from "@atrium/core/oidc-provider";
import { startQueueWorker } from "@atrium/worker/testing";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { newUser, patch, scimFor } from "../scim/scim-testing.ts";
import { listen } from "../sso/oidc-testing.ts";
import { startTestApi } from "../../testing.ts";
import { DEMO_CLIENT, discover, oidc, signIn } from "./oidc-testing.ts";

const api = await startTestApi();
const issuer = `${api.url}/oidc`;
const config = await discover(api);
const acme = api.demo.organizations["acme"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;

// The application's back-channel logout receiver.
const received: string[] = [];
let receiverDown = false;
let refusedDeliveries = 0;
// What the application does on receiving a logout token, before it answers (a real one ends its session and may call back).
let onNotice: (() => Promise<void>) | null = null;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (receiverDown) {
      refusedDeliveries++;
      return res.writeHead(503).end();
    }
    void (async () => {
      await onNotice?.();
      received.push(new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("logout_token") ?? "");
      res.writeHead(200).end();
    })();
  });
});
const receiverUrl = await listen(receiver);
await api.db.application.update({ where: { slug: DEMO_CLIENT.id }, data: { backchannelLogoutUri: `${receiverUrl}/backchannel-logout` } });

// The real worker on the same database, serving the back-channel logout queue with the API's issuer.
await startQueueWorker(api.databaseUrl, ["oidc-backchannel-logout"], { billing: { prices: { team: "t", business: "b" }, publicUrl: api.url }, oidcAllowLoopback: true });
afterAll(() => receiver.close());

async function waitFor<T>(probe: () => T | undefined, seconds: number): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function poll<T>(probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("back-channel logout", () => {
  it("a SCIM deactivation sends the application a valid logout token within seconds and its refresh token stops working", async () => {
    const scim = await scimFor(api, acme, "acme.example");
    const created = await scim("POST", "/Users", newUser("lee.chen@acme.example"));
    expect(created.status).toBe(201);

    const browser = await api.signedIn("lee.chen@acme.example");
    const tokens = await signIn(api, config, browser, { scope: "openid offline_access organization", prompt: "consent" });
    const sid = tokens.claims()!["sid"];
    expect(sid).toMatch(/^[A-Za-z0-9_-]{21,}$/);
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(received).toEqual([]);
    const refresh = () =>
      fetch(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: rotated.refresh_token!, client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret }),
      });
    // The grant is revoked before the application hears of the logout: a refresh made on receipt already fails.
    let refreshOnNotice: number | undefined;
    onNotice = async () => {
      refreshOnNotice = (await refresh()).status;
    };

    const off = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }));
    expect(off.status).toBe(200);
    const token = await waitFor(() => received[0], 5);
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEMO_CLIENT.id, typ: "logout+jwt" });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ sub: lee, sid, events: { "http://schemas.openid.net/event/backchannel-logout": {} } });
    expect(payload["nonce"]).toBeUndefined();
    expect(typeof payload["jti"]).toBe("string");
    expect(received).toHaveLength(1);
    onNotice = null;
    expect(refreshOnNotice).toBe(400);

    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: "invalid_grant", error_description: "grant request is invalid" });
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.backchannel_logout", resourceId: lee }, select: { organizationId: true, actorLabel: true, details: true } });
    expect(audit).toMatchObject({ organizationId: acme, actorLabel: "oidc-backchannel-logout", details: { reason: "scim_deactivated", applicationsNotified: [DEMO_CLIENT.id], applicationsFailed: [] } });
    expect(await api.db.oidcProviderRecord.count({ where: { accountId: lee } })).toBe(0);
  });
});

describe("back-channel logout on removal from one organization", () => {
  it("ends only the sign-ins made for that organization", async () => {
    const sam = api.demo.users["sam.patel@acme.example"]!;
    const emea = api.demo.organizations["acmeEmea"]!;
    await api.db.membership.create({ data: { organizationId: emea, userId: sam, role: "member" } });
    const forEmea = await signIn(api, config, await api.signedIn("sam.patel@acme.example"), { organization: "acme-emea", scope: "openid offline_access organization", prompt: "consent" });
    const forAcme = await signIn(api, config, await api.signedIn("sam.patel@acme.example"), { organization: "acme", scope: "openid offline_access organization", prompt: "consent" });
    received.length = 0;

    const avery = api.demo.users["admin@acme.example"]!;
    const access = (await loadOrgAccess(api.db, avery, emea))!;
    await removeMember(api.db, { actor: { type: "user", userId: avery, email: "admin@acme.example" }, access, permissions: permissionsOf(access, {}) }, sam);
    const token = await waitFor(() => received[0], 5);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEMO_CLIENT.id });
    expect(payload).toMatchObject({ sub: sam, sid: forEmea.claims()!["sid"] });
    await expect(oidc.refreshTokenGrant(config, forEmea.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await oidc.refreshTokenGrant(config, forAcme.refresh_token!)).claims()).toMatchObject({ sub: sam, org_id: acme });
    expect(received).toHaveLength(1);
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.backchannel_logout", resourceId: sam }, select: { organizationId: true, details: true } });
    expect(audit).toEqual({ organizationId: emea, details: { reason: "member_removed", grantsRevoked: 1, applicationsNotified: [DEMO_CLIENT.id], applicationsFailed: [] } });
  });
});

describe("back-channel logout on sign out everywhere", () => {
  it("the person's own \"sign out everywhere\" reaches the application and revokes its grant", async () => {
    const maria = api.demo.users["maria.garcia@acme.example"]!;
    const atrium = await api.signedIn("maria.garcia@acme.example");
    const tokens = await signIn(api, config, atrium, { scope: "openid offline_access organization", prompt: "consent" });
    received.length = 0;
    await atrium.trpc.sessions.revokeOthers.mutate();
    const token = await waitFor(() => received[0], 5);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEMO_CLIENT.id });
    expect(payload).toMatchObject({ sub: maria, sid: tokens.claims()!["sid"] });
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.backchannel_logout", resourceId: maria }, select: { organizationId: true, details: true } });
    expect(audit).toEqual({ organizationId: null, details: { reason: "signed_out_everywhere", grantsRevoked: 1, applicationsNotified: [DEMO_CLIENT.id], applicationsFailed: [] } });
  });
});

describe("back-channel logout to an endpoint that is down", () => {
  it("revokes the grant at once and retries the delivery with backoff until the application answers", async () => {
    const tom = api.demo.users["tom.baker@acme.example"]!;
    const atrium = await api.signedIn("tom.baker@acme.example");
    const tokens = await signIn(api, config, atrium, { scope: "openid offline_access organization", prompt: "consent" });
    received.length = 0;
    receiverDown = true;
    await atrium.trpc.sessions.revokeOthers.mutate();
    await waitFor(() => (refusedDeliveries > 0 ? true : undefined), 5);
    // The grant was revoked before the delivery was tried.
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // The retry is scheduled in the transaction that closes the request, just after the failed delivery.
    const pending = await poll(async () => {
      const rows = await api.db.oidcProviderRecord.findMany({ where: { model: "AtriumPendingLogout" }, select: { payload: true } });
      return rows.length > 0 ? rows : undefined;
    }, 5);
    expect(pending.map((p) => p.payload)).toEqual([expect.objectContaining({ clientId: DEMO_CLIENT.id, sub: tom, sid: tokens.claims()!["sid"], attempts: 1 })]);

    receiverDown = false;
    await api.db.$executeRaw`UPDATE oidc_provider_records SET payload = jsonb_set(payload, '{nextAt}', to_jsonb(now()::text)) WHERE model = 'AtriumPendingLogout'`;
    const provider = await createAtriumProvider(api.db, { issuer, cookieSecret: "retry", allowLoopbackRequests: true });
    // The now due retry is this run's or, when the worker's minute schedule comes at the same moment, the worker's:
    // whichever claims it first delivers it, once.
    expect(await processBackchannelLogouts(api.db, provider)).toMatchObject({ requests: 0, failed: 0 });
    const audits = await poll(async () => {
      const rows = await api.db.auditEvent.findMany({ where: { action: "oidc.backchannel_logout", resourceId: tom }, orderBy: { occurredAt: "asc" }, select: { status: true, details: true } });
      return rows.length === 2 ? rows : undefined;
    }, 5);
    expect(received).toHaveLength(1);
    const { payload } = await jwtVerify(received[0]!, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEMO_CLIENT.id });
    expect(payload).toMatchObject({ sub: tom, sid: tokens.claims()!["sid"] });
    expect(await api.db.oidcProviderRecord.count({ where: { model: "AtriumPendingLogout" } })).toBe(0);
    expect(audits).toEqual([
      { status: "success", details: { reason: "signed_out_everywhere", grantsRevoked: 1, applicationsNotified: [], applicationsFailed: [DEMO_CLIENT.id] } },
      { status: "success", details: { retry: true, attempts: 2, applicationsNotified: [DEMO_CLIENT.id] } },
    ]);
  });
});

describe("back-channel logout retries run twice at once", () => {
  it("deliver a due retry once: the run that claims it delivers, the other skips it", async () => {
    const avery = api.demo.users["admin@acme.example"]!;
    // A delivery that failed once, due in an hour; both runs below run at "two hours from now" (the worker's own runs, at
    // the real time, leave it alone).
    const nextAt = new Date(Date.now() + 3_600_000).toISOString();
    await api.db.$executeRaw`
      INSERT INTO oidc_provider_records (model, id, payload, expires_at)
      VALUES ('AtriumPendingLogout', gen_random_uuid()::text,
              ${JSON.stringify({ clientId: DEMO_CLIENT.id, sub: avery, sid: "sid-retried-twice", organizationId: acme, attempts: 1, nextAt })}::jsonb,
              now() + interval '1 day')`;
    const later = new Date(Date.now() + 7_200_000);
    const provider = await createAtriumProvider(api.db, { issuer, cookieSecret: "retry-twice", allowLoopbackRequests: true });
    received.length = 0;
    // The application holds the first delivery open until the second run has finished.
    let deliveries = 0;
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    let releaseFirst!: () => void;
    const released = new Promise<void>((resolve) => (releaseFirst = resolve));
    onNotice = async () => {
      if (++deliveries > 1) return;
      firstArrived();
      await released;
    };

    const first = retryFailedDeliveries(api.db, provider, later);
    await arrived;
    const second = await retryFailedDeliveries(api.db, provider, later);
    releaseFirst();
    expect(await first).toEqual({ notified: 1 });
    onNotice = null;
    expect(second).toEqual({ notified: 0 });
    expect(deliveries).toBe(1);
    expect(received).toHaveLength(1);
    const { payload } = await jwtVerify(received[0]!, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEMO_CLIENT.id });
    expect(payload).toMatchObject({ sub: avery, sid: "sid-retried-twice" });
    expect(await api.db.oidcProviderRecord.count({ where: { model: "AtriumPendingLogout" } })).toBe(0);
    const audits = await api.db.auditEvent.findMany({ where: { action: "oidc.backchannel_logout", resourceId: avery }, select: { status: true, details: true } });
    expect(audits).toEqual([{ status: "success", details: { retry: true, attempts: 2, applicationsNotified: [DEMO_CLIENT.id] } }]);
  });
});

describe("provider state and keys in PostgreSQL", () => {
  it("records survive a new provider instance (a restart)", async () => {
    const browser = await api.signedIn("admin@acme.example");
    const tokens = await signIn(api, config, browser, { organization: "acme" });
    const restarted = await createAtriumProvider(api.db, { issuer, cookieSecret: "another-instance" });
    const found = await restarted.AccessToken.find(tokens.access_token);
    expect(found).toMatchObject({ accountId: api.demo.users["admin@acme.example"], clientId: DEMO_CLIENT.id });
  });

  it("rotation publishes the next key before it signs and keeps the retired one published", async () => {
    const before = (await loadSigningJwks(api.db)).keys.map((k) => k.kid);
    expect(before).toHaveLength(2);
    const [active, next] = before;
    const published = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(published.keys.map((k) => k.kid)).toEqual([active, next]);
    expect(published.keys.every((k) => k.d === undefined)).toBe(true);
    const browser = await api.signedIn("sam.patel@acme.example");
    expect(decodeProtectedHeader((await signIn(api, config, browser)).id_token!).kid).toBe(active);

    const { activeKid } = await rotateSigningKeys(api.db, systemActor("test"));
    expect(activeKid).toBe(next);
    const after = (await loadSigningJwks(api.db)).keys.map((k) => k.kid);
    expect(after.slice(0, 1)).toEqual([next]);
    expect(after).toHaveLength(3);
    expect(after[2]).toBe(active);
    const sealed = await api.db.oidcSigningKey.findMany({ select: { privateJwk: true } });
    expect(sealed.every((k) => k.privateJwk.startsWith("v1."))).toBe(true);
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.signing_key_rotate" }, select: { details: true } });
    expect(audit?.details).toEqual({ activeKid: next, retiredKid: active });
  });

  it("the cleanup deletes expired records in batches, audited", async () => {
    const total = await api.db.oidcProviderRecord.count();
    expect(total).toBeGreaterThan(3);
    const handled = await api.db.oidcLogoutRequest.count({ where: { processedAt: { not: null } } });
    expect(handled).toBe(4); // the SCIM deactivation, the removal and the two sign-outs above
    const counts = await purgeOidcProviderData(api.db, { now: new Date(Date.now() + 400 * 86_400_000), batchSize: 2 });
    expect(counts).toEqual({ records: total, logoutRequests: handled });
    expect(await api.db.oidcProviderRecord.count()).toBe(0);
    const audit = await api.db.auditEvent.findFirst({ where: { action: "oidc.cleanup" }, select: { details: true } });
    expect(audit?.details).toEqual({ records: total, logoutRequests: handled });
  });
});
