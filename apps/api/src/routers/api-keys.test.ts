import { describe, expect, it } from "vitest";
import superjson from "superjson";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

const withKey = (token: string, path: string, input: unknown) =>
  fetch(`${api.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe("API keys", () => {
  it("shows the secret once and keeps only a prefix", async () => {
    const key = await owner.trpc.apiKeys.create.mutate({ orgId: acme, name: "CI", permissions: ["org:read", "members:read"] });
    expect(key.token).toMatch(/^atr_[a-z2-7]{8}_[a-z2-7]{52}$/);
    expect(key.token.startsWith(`${key.prefix}_`)).toBe(true);
    const listed = (await owner.trpc.apiKeys.list.query({ orgId: acme })).find((k) => k.id === key.id)!;
    expect(JSON.stringify(listed)).not.toContain(key.token.slice(13));
    const stored = await api.db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { secretHash: true } });
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("acts only on its organization, only with its permissions, and is audited as the key", async () => {
    const key = await owner.trpc.apiKeys.create.mutate({ orgId: acme, name: "Reader", permissions: ["org:read"] });
    expect((await withKey(key.token, "org.get", { orgId: acme })).status).toBe(200);
    expect((await withKey(key.token, "members.list", { orgId: acme })).status).toBe(403);
    expect((await withKey(key.token, "org.get", { orgId: api.demo.organizations["globex"] })).status).toBe(404);
    expect((await withKey(key.token, "org.list", {})).status).toBe(403);
    const denied = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "access.denied", actorType: "api_key" }, select: { actorLabel: true } });
    expect(denied?.actorLabel).toBe(`Reader (${key.prefix})`);
  });

  it("cannot hold permissions its creator lacks", async () => {
    const admin = await api.signedIn("sam.patel@acme.example");
    const error = await callError(admin.trpc.apiKeys.create.mutate({ orgId: acme, name: "Sneaky", permissions: ["billing:change_plan"] }));
    expect(error.status).toBe(403);
  });

  it("stops working when revoked, and a rotated key's old secret stops working", async () => {
    const key = await owner.trpc.apiKeys.create.mutate({ orgId: acme, name: "Rotating", permissions: ["org:read"] });
    const rotated = await owner.trpc.apiKeys.rotate.mutate({ orgId: acme, keyId: key.id });
    expect((await withKey(key.token, "org.get", { orgId: acme })).status).toBe(401);
    expect((await withKey(rotated.token, "org.get", { orgId: acme })).status).toBe(200);
    await owner.trpc.apiKeys.revoke.mutate({ orgId: acme, keyId: key.id });
    expect((await withKey(rotated.token, "org.get", { orgId: acme })).status).toBe(401);
  });

  it("answers 429 with Retry-After past the organization's burst, shared by all its keys", async () => {
    await owner.trpc.settings.updateRateLimit.mutate({ orgId: acme, perMinute: 60, burst: 3 });
    const a = await owner.trpc.apiKeys.create.mutate({ orgId: acme, name: "A", permissions: ["org:read"] });
    const b = await owner.trpc.apiKeys.create.mutate({ orgId: acme, name: "B", permissions: ["org:read"] });
    await api.db.rateLimitBucket.deleteMany({});
    const statuses = [];
    for (const token of [a.token, b.token, a.token, b.token]) statuses.push((await withKey(token, "org.get", { orgId: acme })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await withKey(a.token, "org.get", { orgId: acme });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await owner.trpc.settings.updateRateLimit.mutate({ orgId: acme, perMinute: null, burst: null });
  });
});
