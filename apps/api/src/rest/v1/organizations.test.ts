/**
 * GET /v1/organizations/{id}, …/entitlements and …/members over real HTTP,
 * on an organization made for this test so every value is known.
 */
import { randomUUID } from "node:crypto";
import { FEATURES } from "@atrium/rbac";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);

const parent = api.demo.organizations["initech"]!;
const org = await api.db.organization.create({ data: { name: "Wayne Enterprises", slug: "wayne", plan: "team", parentId: parent }, select: { id: true, createdAt: true } });
const role = await api.db.role.create({ data: { organizationId: org.id, name: "Analyst", permissions: ["org:read"] }, select: { id: true } });
const group = await api.db.group.create({ data: { organizationId: org.id, name: "Engineering" }, select: { id: true } });

const people: { id: string; email: string }[] = [];
for (const [i, email] of ["bruce@wayne.example", "lucius@wayne.example", "alfred@wayne.example"].entries()) {
  const u = await api.db.user.create({ data: { email, name: email.split("@")[0]! }, select: { id: true } });
  await api.db.membership.create({
    data: {
      organizationId: org.id,
      userId: u.id,
      role: i === 1 ? null : i === 0 ? "owner" : "member",
      customRoleId: i === 1 ? role.id : null,
      attributes: i === 1 ? { department: "R&D", title: "CEO of Applied Sciences" } : {},
      status: i === 2 ? "deactivated" : "active",
    },
  });
  people.push({ id: u.id, email });
}
await api.db.groupMember.create({ data: { groupId: group.id, userId: people[1]!.id } });
const overrideUntil = new Date(Date.now() + 7 * 86_400_000);
await api.db.featureOverride.create({ data: { organizationId: org.id, feature: "sso", enabled: true, expiresAt: overrideUntil, reason: "Pilot" } });
await api.db.featureOverride.create({ data: { organizationId: org.id, feature: "scim", enabled: true, expiresAt: new Date(Date.now() - 1000), reason: "Old pilot" } });

describe("GET /v1/organizations/{id}", () => {
  it("answers the organization", async () => {
    const response = await call("GET", `/v1/organizations/${org.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: org.id, name: "Wayne Enterprises", slug: "wayne", parentId: parent, plan: "team", status: "active", createdAt: org.createdAt.toISOString() });
  });

  it("a deleted organization is not found", async () => {
    const gone = await api.db.organization.create({ data: { name: "Gone", slug: "gone-org", plan: "free", deletedAt: new Date() }, select: { id: true } });
    const response = await call("GET", `/v1/organizations/${gone.id}`);
    expect(response.status).toBe(404);
    expect(errorOf(response)).toMatchObject({ code: "not_found", message: "The organization was not found." });
  });
});

describe("GET /v1/organizations/{id}/entitlements", () => {
  it("answers the plan, every feature with a live override, quotas with usage", async () => {
    const response = await call("GET", `/v1/organizations/${org.id}/entitlements`);
    expect(response.status).toBe(200);
    const body = response.body as { plan: string; features: { feature: string }[]; quotas: unknown[] };
    expect(body.plan).toBe("team");
    expect(body.features).toHaveLength(Object.keys(FEATURES).length);
    expect(body.features).toContainEqual({
      feature: "sso",
      enabled: true,
      includedFrom: "business",
      reason: `enabled by override until ${overrideUntil.toISOString().slice(0, 10)}`,
      override: { enabled: true, expiresAt: overrideUntil.toISOString() },
    });
    // An expired override no longer counts.
    expect(body.features).toContainEqual({ feature: "scim", enabled: false, includedFrom: "business", reason: "requires the Business plan", override: null });
    expect(body.features).toContainEqual({ feature: "api_access", enabled: true, includedFrom: "team", reason: "included in Team", override: null });
    expect(body.quotas).toEqual([
      { quota: "members", used: 2, limit: 50, softLimit: 40, status: "ok" },
      { quota: "workspaces", used: 0, limit: 25, softLimit: 20, status: "ok" },
      { quota: "api_keys", used: 0, limit: 5, softLimit: 4, status: "ok" },
      { quota: "child_organizations", used: 0, limit: 0, softLimit: 0, status: "full" },
    ]);
  });
});

describe("GET /v1/organizations/{id}/members", () => {
  const sorted = () => [...people].sort((a, b) => a.id.localeCompare(b.id));

  it("lists members with their role, status, attributes and groups", async () => {
    const response = await call("GET", `/v1/organizations/${org.id}/members`);
    expect(response.status).toBe(200);
    const body = response.body as { members: { userId: string; joinedAt: string }[]; nextCursor: string | null };
    expect(body.nextCursor).toBeNull();
    expect(body.members.map((m) => m.userId)).toEqual(sorted().map((p) => p.id));
    expect(body.members.find((m) => m.userId === people[1]!.id)).toEqual({
      userId: people[1]!.id,
      email: "lucius@wayne.example",
      name: "lucius",
      status: "active",
      role: { key: role.id, name: "Analyst", custom: true },
      attributes: { department: "R&D", title: "CEO of Applied Sciences" },
      groups: [{ id: group.id, name: "Engineering" }],
      joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(body.members.find((m) => m.userId === people[2]!.id)).toMatchObject({ status: "deactivated", role: { key: "member", name: "member", custom: false }, groups: [] });
  });

  it("pages with a keyset cursor until nextCursor is null", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const response = await call("GET", `/v1/organizations/${org.id}/members${query}`);
      const body = response.body as { members: { userId: string }[]; nextCursor: string | null };
      seen.push(...body.members.map((m) => m.userId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(sorted().map((p) => p.id));
  });

  it("refuses a cursor it did not issue and a limit out of range, in words", async () => {
    const forged = await call("GET", `/v1/organizations/${org.id}/members?cursor=${Buffer.from("hello").toString("base64url")}`);
    expect(forged.status).toBe(400);
    expect(errorOf(forged)).toMatchObject({ code: "invalid_request", message: "The cursor is not one this API returned." });
    const big = await call("GET", `/v1/organizations/${org.id}/members?limit=500`);
    expect(errorOf(big).details).toEqual([{ field: "limit", message: "Query limit must be at most 200." }]);
  });

  it("another organization's members never appear", async () => {
    const response = await call("GET", `/v1/organizations/${randomUUID()}/members`);
    expect(response.status).toBe(404);
    const acme = await call("GET", `/v1/organizations/${api.demo.organizations["acme"]}/members?limit=200`);
    const ids = (acme.body as { members: { userId: string }[] }).members.map((m) => m.userId);
    expect(ids.filter((id) => people.some((p) => p.id === id))).toEqual([]);
  });

  it("records reads on the platform log", async () => {
    const requestId = "members-read-0001";
    await call("GET", `/v1/organizations/${org.id}/members`, undefined, { "x-request-id": requestId });
    await api.app.v1.flushAudit();
    const events = await api.db.auditEvent.findMany({ where: { requestId }, select: { organizationId: true, action: true, details: true } });
    expect(events).toEqual([{ organizationId: null, action: "application.read", details: { read: "members", organizationId: org.id } }]);
  });
});
