/**
 * The SDK against the real API over real HTTP (demo data on this file's own
 * PostgreSQL database): typed calls, cursor iteration, errors, retries.
 */
import { revokeSecretKey } from "@atrium/core/applications";
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { startTestApi } from "@atrium/api/testing";
import { describe, expect, it } from "vitest";
import { AtriumError, createAtrium } from "../src/index.ts";
import { atriumErrorOf, newApplication, recordingFetch } from "./testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const admin = api.demo.users["admin@acme.example"]!;
const auditor = api.demo.users["auditor@acme.example"]!;
const atrium = (fetcher?: typeof globalThis.fetch, apiKey: string = DEMO_APPLICATION.secretKey) => createAtrium({ apiKey, baseUrl: api.url, ...(fetcher ? { fetch: fetcher } : {}) });

describe("authorize", () => {
  it("answers a member's check with and without the permission, with the role that decided", async () => {
    const client = atrium();
    expect(await client.authorize({ principal: { type: "user", id: auditor }, organizationId: acme, permission: "members:read" })).toEqual({
      allowed: true,
      reason: "granted",
      explanation: `role "viewer" in organization ${acme} grants members:read`,
    });
    expect(await client.authorize({ principal: { type: "user", id: auditor }, organizationId: acme, permission: "members:invite" })).toEqual({
      allowed: false,
      reason: "not_granted",
      explanation: `role "viewer" in organization ${acme} does not grant members:invite`,
    });
  });

  it("sends a batch in order with an Idempotency-Key, a given one when the caller names it", async () => {
    const { fetch, calls } = recordingFetch();
    const client = atrium(fetch);
    const results = await client.authorizeBatch([
      { principal: { type: "user", id: admin }, organizationId: acme, permission: "members:invite" },
      { principal: { type: "user", id: auditor }, organizationId: acme, permission: "members:invite" },
    ]);
    expect(results.map((r) => [r.allowed, r.reason])).toEqual([
      [true, "granted"],
      [false, "not_granted"],
    ]);
    expect(calls[0]!.headers.get("idempotency-key")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await client.authorizeBatch([{ principal: { type: "user", id: admin }, organizationId: acme, permission: "org:read" }], { idempotencyKey: "sdk-given-key" });
    expect(calls[1]!.headers.get("idempotency-key")).toBe("sdk-given-key");
  });
});

describe("organizations", () => {
  it("reads an organization and its entitlements", async () => {
    const client = atrium();
    const row = await api.db.organization.findUniqueOrThrow({ where: { id: acme }, select: { name: true, slug: true, plan: true, createdAt: true } });
    expect(await client.organizations.get(acme)).toEqual({ id: acme, name: row.name, slug: row.slug, parentId: null, plan: row.plan, status: "active", createdAt: row.createdAt.toISOString() });
    const entitlements = await client.organizations.entitlements(acme);
    expect(entitlements.organizationId).toBe(acme);
    expect(entitlements.plan).toBe(row.plan);
    const members = await api.db.membership.count({ where: { organizationId: acme, status: "active" } });
    expect(entitlements.quotas.find((q) => q.quota === "members")?.used).toBe(members);
  });

  it("iterates every member across cursor pages, in user id order", async () => {
    const org = await api.db.organization.create({ data: { name: "Paged Inc", slug: "paged", plan: "team" }, select: { id: true } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await api.db.user.create({ data: { email: `p${i}@paged.example`, name: `P ${i}` }, select: { id: true } });
      await api.db.membership.create({ data: { organizationId: org.id, userId: user.id, role: "member" } });
      ids.push(user.id);
    }
    const { fetch, calls } = recordingFetch();
    const seen: string[] = [];
    for await (const member of atrium(fetch).organizations.members(org.id, { pageSize: 2 })) seen.push(member.userId);
    expect(seen).toEqual([...ids].sort());
    // 2 + 2 + 1: the third page has no next cursor.
    expect(calls.map((c) => c.path.replace(/cursor=[^&]+/, "cursor=…"))).toEqual([
      `/v1/organizations/${org.id}/members?limit=2`,
      `/v1/organizations/${org.id}/members?limit=2&cursor=…`,
      `/v1/organizations/${org.id}/members?limit=2&cursor=…`,
    ]);
  });
});

describe("errors", () => {
  it("a revoked key throws AtriumError unauthorized (401) with the request id", async () => {
    const app = await newApplication(api, "sdk-revoked");
    const { fetch, calls } = recordingFetch();
    const client = atrium(fetch, app.key.token);
    expect((await client.organizations.get(acme)).id).toBe(acme);
    await revokeSecretKey(api.db, app.actor, app.id, app.key.id);
    const e = await atriumErrorOf(client.organizations.get(acme));
    expect(e).toBeInstanceOf(AtriumError);
    expect([e.code, e.status, e.message]).toEqual(["unauthorized", 401, "The secret key is not valid: unknown, revoked or expired."]);
    expect(calls.map((c) => c.status)).toEqual([200, 401]);
    expect(e.requestId).toBe(calls[1]!.responseHeaders.get("x-request-id"));
    expect(e.requestId).toMatch(/^\S{8,}$/);
  });

  it("a missing organization is not_found (404); invalid input is invalid_request (400) with details", async () => {
    const client = atrium();
    await expect(client.organizations.get("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found", status: 404, message: "The organization was not found." });
    const invalid = await atriumErrorOf(client.organizations.get("not-a-uuid"));
    expect([invalid.code, invalid.status, invalid.details]).toEqual(["invalid_request", 400, [{ field: "id", message: "Path id must be a UUID." }]]);
  });
});

describe("rate limit", () => {
  it("retries a throttled call after Retry-After with the same Idempotency-Key", async () => {
    const app = await newApplication(api, "sdk-throttled");
    // One request a second, no burst beyond it: the second call in a row waits about a second.
    await api.db.application.update({ where: { id: app.id }, data: { rateLimitPerMinute: 60, rateLimitBurst: 1 } });
    const { fetch, calls } = recordingFetch();
    const client = atrium(fetch, app.key.token);
    await client.organizations.get(acme);
    const results = await client.authorizeBatch([{ principal: { type: "user", id: admin }, organizationId: acme, permission: "org:read" }]);
    expect(results[0]!.allowed).toBe(true);
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ["GET", 200],
      ["POST", 429],
      ["POST", 200],
    ]);
    expect(calls[2]!.headers.get("idempotency-key")).toBe(calls[1]!.headers.get("idempotency-key"));
  });

  it("throws rate_limited when Atrium asks to wait longer than the bound", async () => {
    const app = await newApplication(api, "sdk-throttled-long");
    await api.db.application.update({ where: { id: app.id }, data: { rateLimitPerMinute: 1, rateLimitBurst: 1 } });
    const { fetch, calls } = recordingFetch();
    const client = createAtrium({ apiKey: app.key.token, baseUrl: api.url, fetch, retry: { maxRetryAfterMs: 5_000 } });
    await client.organizations.get(acme);
    const error = await atriumErrorOf(client.organizations.get(acme));
    expect([error.code, error.status, error.retryAfterSeconds]).toEqual(["rate_limited", 429, 60]);
    expect(calls.map((c) => c.status)).toEqual([200, 429]);
  });
});
