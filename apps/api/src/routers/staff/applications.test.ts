/**
 * Staff manage applications over the real API: super admins register and
 * change them, every other staff role only reads them, tenants never see
 * them; a secret key is in one response only and works on /v1 at once.
 */
import { sha256Hex } from "@atrium/core/crypto";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const root = await api.signedIn("root@atrium.example");
const csm = await api.signedIn("csm@atrium.example");
const lead = await api.signedIn("lead@atrium.example");
const tenantAdmin = await api.signedIn("admin@acme.example");

describe("applications (staff)", () => {
  it("a super admin registers an application, creates a key shown once, and the key works on /v1", async () => {
    const { id } = await root.trpc.staff.applications.create.mutate({
      slug: "billing-backend",
      name: "Billing back end",
      redirectUris: ["https://billing.example/callback"],
      backchannelLogoutUri: "https://billing.example/logout",
    });
    const key = await root.trpc.staff.applications.keys.create.mutate({ applicationId: id });
    expect(key.token).toMatch(/^atrium_sk_live_[A-Za-z0-9_-]{43}$/);
    expect(key.mode).toBe("live");
    const stored = await api.db.applicationSecretKey.findUniqueOrThrow({ where: { id: key.id }, select: { secretHash: true, prefix: true, mode: true } });
    expect(stored).toEqual({ secretHash: sha256Hex(key.token), prefix: key.token.slice(0, 23), mode: "live" });

    const app = await root.trpc.staff.applications.get.query({ applicationId: id });
    expect(app).toMatchObject({ slug: "billing-backend", name: "Billing back end", description: "", redirectUris: ["https://billing.example/callback"], postLogoutRedirectUris: [], backchannelLogoutUri: "https://billing.example/logout", archivedAt: null });
    expect(app.secretKeys.map((k) => [k.prefix, k.mode])).toEqual([[key.prefix, "live"]]);
    const testKey = await root.trpc.staff.applications.keys.create.mutate({ applicationId: id, mode: "test", previousKeys: "now" });
    expect(testKey.token).toMatch(/^atrium_sk_test_[A-Za-z0-9_-]{43}$/);
    // Rotating the test keys leaves the live key alone.
    expect((await root.trpc.staff.applications.get.query({ applicationId: id })).secretKeys.map((k) => [k.mode, k.revokedAt])).toEqual([
      ["test", null],
      ["live", null],
    ]);
    await root.trpc.staff.applications.keys.revoke.mutate({ applicationId: id, keyId: testKey.id });
    expect(JSON.stringify(app)).not.toContain(key.token);
    expect((await root.trpc.staff.applications.list.query()).find((a) => a.id === id)?.activeKeys).toBe(1);

    const response = await fetch(`${api.url}/v1/organizations/${api.demo.organizations["acme"]}`, { headers: { authorization: `Bearer ${key.token}` } });
    expect(response.status).toBe(200);

    const events = await api.db.auditEvent.findMany({ where: { resourceType: "application", resourceId: id }, orderBy: { seq: "asc" }, select: { action: true, organizationId: true, actorLabel: true } });
    expect(events).toEqual([
      { action: "application.create", organizationId: null, actorLabel: "root@atrium.example" },
      { action: "application.key_create", organizationId: null, actorLabel: "root@atrium.example" },
      { action: "application.key_create", organizationId: null, actorLabel: "root@atrium.example" },
      { action: "application.key_revoke", organizationId: null, actorLabel: "root@atrium.example" },
    ]);
  });

  it("an update changes only the fields it names, and the audit event says what changed", async () => {
    const { id } = await root.trpc.staff.applications.create.mutate({ slug: "patched", name: "Patched", redirectUris: ["https://patched.example/cb"] });
    await root.trpc.staff.applications.update.mutate({ applicationId: id, name: "Patched twice" });
    expect(await root.trpc.staff.applications.get.query({ applicationId: id })).toMatchObject({ name: "Patched twice", redirectUris: ["https://patched.example/cb"] });
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "application.update", resourceId: id }, select: { details: true, organizationId: true } });
    expect(event).toEqual({ organizationId: null, details: { changed: { name: { before: "Patched", after: "Patched twice" } } } });
  });

  it("a client id is taken once; URIs must be http(s) URLs", async () => {
    expect(await callError(root.trpc.staff.applications.create.mutate({ slug: "demo-product", name: "Copy" }))).toMatchObject({
      status: 409,
      message: 'An application with the client id "demo-product" already exists.',
    });
    const invalid = await callError(root.trpc.staff.applications.create.mutate({ slug: "bad-uris", name: "Bad", redirectUris: ["javascript:alert(1)"] }));
    expect(invalid.status).toBe(400);
    expect(invalid.fieldErrors).toEqual({ "redirectUris.0": ["Enter a full http(s) URL"] });
  });

  it("a CSM and a CS lead read applications but cannot change them; a tenant admin cannot read them", async () => {
    const demo = api.demo.applications["demo-product"]!;
    expect((await csm.trpc.staff.applications.list.query()).map((a) => a.slug)).toContain("demo-product");
    expect((await lead.trpc.staff.applications.get.query({ applicationId: demo })).slug).toBe("demo-product");
    for (const staff of [csm, lead]) {
      expect(await callError(staff.trpc.staff.applications.keys.create.mutate({ applicationId: demo }))).toMatchObject({ status: 403 });
      expect(await callError(staff.trpc.staff.applications.update.mutate({ applicationId: demo, name: "Hijacked" }))).toMatchObject({ status: 403 });
    }
    expect(await callError(tenantAdmin.trpc.staff.applications.list.query())).toMatchObject({ status: 403 });
    const denied = await api.db.auditEvent.findMany({ where: { action: "access.denied", resourceId: "staff.applications.keys.create" }, select: { organizationId: true, actorLabel: true } });
    expect(denied).toEqual(expect.arrayContaining([{ organizationId: null, actorLabel: "csm@atrium.example" }, { organizationId: null, actorLabel: "lead@atrium.example" }]));
    expect((await api.db.application.findUniqueOrThrow({ where: { id: demo }, select: { name: true } })).name).toBe("Notes");
  });

  it("rotation with a 24 h overlap sets the previous key's expiry; revoking ends a key now", async () => {
    const applicationId = api.demo.applications["demo-product"]!;
    const before = Date.now();
    const next = await root.trpc.staff.applications.keys.create.mutate({ applicationId, previousKeys: "24h" });
    const keys = (await root.trpc.staff.applications.get.query({ applicationId })).secretKeys;
    const demoKey = keys.find((k) => k.prefix === "atrium_sk_demo_pro")!;
    expect(demoKey.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(demoKey.expiresAt!.getTime()).toBeLessThan(before + 86_400_000 + 60_000);
    expect(keys.find((k) => k.id === next.id)).toMatchObject({ expiresAt: null, revokedAt: null });

    await root.trpc.staff.applications.keys.revoke.mutate({ applicationId, keyId: next.id });
    const response = await fetch(`${api.url}/v1/organizations/${api.demo.organizations["acme"]}`, { headers: { authorization: `Bearer ${next.token}` } });
    expect(response.status).toBe(401);
    expect(await callError(root.trpc.staff.applications.keys.revoke.mutate({ applicationId, keyId: next.id }))).toMatchObject({ status: 404 });
  });
});
