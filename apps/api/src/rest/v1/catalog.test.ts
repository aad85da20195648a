/**
 * The product catalog over real HTTP: PUT /v1/catalog and GET /v1/catalog,
 * then product permissions granted by custom roles made through the tRPC
 * roles procedures (and by resource grants), decided by /v1/authorize with
 * the same reasons as Atrium's own permissions.
 */
import { DEMO_CATALOG } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";
import { errorOf, newApplication, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);
const acme = api.demo.organizations["acme"]!;
const user = api.demo.users;
const owner = await api.signedIn("admin@acme.example");

/** A member of Acme who can sign in (the demo password), with a system or custom role. */
async function person(email: string, membership: { role?: "member" | "viewer"; customRoleId?: string }) {
  const { passwordHash } = await api.db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" }, select: { passwordHash: true } });
  const created = await api.db.user.create({ data: { email, name: email, passwordHash }, select: { id: true } });
  await api.db.membership.create({ data: { organizationId: acme, userId: created.id, role: membership.role ?? null, customRoleId: membership.customRoleId ?? null } });
  return created.id;
}

async function decide(userId: string, permission: string, resource?: { type: string; id: string }) {
  const response = await call("POST", "/v1/authorize", { checks: [{ principal: { type: "user", id: userId }, organizationId: acme, permission, ...(resource ? { resource } : {}) }] });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { results: { allowed: boolean; reason: string; explanation: string }[] }).results[0];
}

const NEXT = {
  ...DEMO_CATALOG,
  permissions: [...DEMO_CATALOG.permissions, { name: "demo-product/notes:export", description: "Export notes as Markdown", category: "Notes", minimumRole: "member" }],
  auditActions: [...DEMO_CATALOG.auditActions, { action: "demo-product/note.export", description: "Notes were exported" }],
};

describe("PUT and GET /v1/catalog", () => {
  it("the demo product's catalog is seeded, a PUT replaces it whole and GET answers it exactly, audited", async () => {
    expect((await call("GET", "/v1/catalog")).body).toEqual(DEMO_CATALOG);
    const put = await call("PUT", "/v1/catalog", NEXT);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(NEXT);
    expect((await call("GET", "/v1/catalog")).body).toEqual(NEXT);
    expect((await call("PUT", "/v1/catalog", NEXT)).body).toEqual(NEXT);

    const records = await api.db.auditEvent.findMany({ where: { action: "application.catalog_update", status: "success", organizationId: null, actorType: "application", actorId: api.demo.applications["demo-product"] }, orderBy: { seq: "asc" }, select: { details: true } });
    expect(records.map((r) => r.details)).toEqual([
      {
        permissions: { added: ["demo-product/notes:export"], removed: [], count: 4 },
        resourceTypes: { added: [], removed: [], count: 1 },
        auditActions: { added: ["demo-product/note.export"], removed: [], count: 3 },
      },
      {
        permissions: { added: [], removed: [], count: 4 },
        resourceTypes: { added: [], removed: [], count: 1 },
        auditActions: { added: [], removed: [], count: 3 },
      },
    ]);
  });

  it("refuses names outside the application's namespace, and names declared twice", async () => {
    const foreign = await call("PUT", "/v1/catalog", { ...NEXT, permissions: [{ name: "other-app/notes:read", description: "Read", category: "Notes" }] });
    expect(foreign.status).toBe(400);
    expect(errorOf(foreign)).toMatchObject({ code: "invalid_request", message: 'Every name must start with "demo-product/": other-app/notes:read.' });
    const twice = await call("PUT", "/v1/catalog", { ...NEXT, resourceTypes: [...NEXT.resourceTypes, ...NEXT.resourceTypes] });
    expect(errorOf(twice)).toMatchObject({ code: "invalid_request", message: "Declared more than once: demo-product/note." });
    const atriums = await call("PUT", "/v1/catalog", { ...NEXT, permissions: [{ name: "roles:create", description: "Steal", category: "X" }] });
    expect(atriums.status).toBe(400);
    expect((await call("GET", "/v1/catalog")).body).toEqual(NEXT);

    const requestIds = [foreign, twice].map((r) => r.headers.get("x-request-id")!);
    const denials = await api.db.auditEvent.findMany({
      where: { action: "application.catalog_update", requestId: { in: requestIds } },
      orderBy: { seq: "asc" },
      select: { organizationId: true, status: true, actorType: true, resourceId: true, details: true },
    });
    const denial = (problems: string[]) => ({ organizationId: null, status: "denied", actorType: "application", resourceId: api.demo.applications["demo-product"], details: { reason: "invalid", problems } });
    expect(denials).toEqual([denial(['Every name must start with "demo-product/": other-app/notes:read.']), denial(["Declared more than once: demo-product/note."])]);
  });

  it("another application's catalog is its own", async () => {
    const other = await newApplication(api, "other-app");
    const otherCall = v1Caller(api, other.key.token);
    expect((await otherCall("GET", "/v1/catalog")).body).toEqual({ permissions: [], resourceTypes: [], auditActions: [] });
    const stolen = await otherCall("PUT", "/v1/catalog", { ...NEXT });
    expect(stolen.status).toBe(400);
    expect(errorOf(stolen).message).toMatch(/^Every name must start with "other-app\/": demo-product\/notes:read, /);
  });
});

describe("product permissions in roles, grants and /v1/authorize", () => {
  it("system roles hold them from the declared minimum role, with the same reasons as Atrium's permissions", async () => {
    expect(await decide(user["sam.patel@acme.example"]!, "demo-product/notes:share")).toEqual({
      allowed: true,
      reason: "granted",
      explanation: `role "admin" in organization ${acme} grants demo-product/notes:share`,
    });
    expect(await decide(user["lee.chen@acme.example"]!, "demo-product/notes:share")).toEqual({
      allowed: false,
      reason: "not_granted",
      explanation: `role "member" in organization ${acme} does not grant demo-product/notes:share`,
    });
    expect(await decide(user["lee.chen@acme.example"]!, "demo-product/notes:write")).toMatchObject({ allowed: true, reason: "granted" });
    expect(await decide(user["auditor@acme.example"]!, "demo-product/notes:write")).toMatchObject({ allowed: false, reason: "not_granted" });
    expect(await decide(user["auditor@acme.example"]!, "demo-product/notes:fly")).toEqual({
      allowed: false,
      reason: "unknown_permission",
      explanation: '"demo-product/notes:fly" is not a permission of the catalog',
    });
  });

  it("a custom role made through tRPC grants a product permission: its holder is allowed, a member without it is denied", async () => {
    const role = await owner.trpc.roles.create.mutate({ orgId: acme, name: "Sharers", permissions: ["demo-product/notes:share", "org:read"] });
    const stored = await api.db.role.findUniqueOrThrow({ where: { id: role.id }, select: { permissions: true } });
    expect(stored.permissions).toEqual(["org:read", "demo-product/notes:share"]);
    const sharer = await person("sharer@acme.example", { customRoleId: role.id });
    expect(await decide(sharer, "demo-product/notes:share")).toEqual({
      allowed: true,
      reason: "granted",
      explanation: `role "Sharers" in organization ${acme} grants demo-product/notes:share`,
    });
    expect(await decide(sharer, "demo-product/notes:read")).toEqual({
      allowed: false,
      reason: "not_granted",
      explanation: `role "Sharers" in organization ${acme} does not grant demo-product/notes:read`,
    });

    const listed = await owner.trpc.roles.list.query({ orgId: acme });
    expect(listed.find((r) => r.key === role.id)!.permissions).toEqual(["org:read", "demo-product/notes:share"]);
    expect(listed.find((r) => r.key === "member")!.permissions.filter((p) => p.startsWith("demo-product/"))).toEqual([
      "demo-product/notes:read",
      "demo-product/notes:write",
      "demo-product/notes:export",
    ]);
  });

  it("an undeclared product permission cannot go into a role, nor one the granter lacks", async () => {
    const unknown = await callError(owner.trpc.roles.create.mutate({ orgId: acme, name: "Flyers", permissions: ["demo-product/notes:fly"] }));
    expect(unknown).toMatchObject({ status: 400, message: "Unknown permissions: demo-product/notes:fly." });

    const managers = await owner.trpc.roles.create.mutate({ orgId: acme, name: "Role managers", permissions: ["roles:read", "roles:create", "demo-product/notes:read"] });
    await person("manager@acme.example", { customRoleId: managers.id });
    const manager = await api.signedIn("manager@acme.example");
    const lacking = await callError(manager.trpc.roles.create.mutate({ orgId: acme, name: "Sharers 2", permissions: ["demo-product/notes:share"] }));
    expect(lacking).toMatchObject({ status: 400, message: "You cannot grant permissions you do not hold: demo-product/notes:share." });
    const held = await manager.trpc.roles.create.mutate({ orgId: acme, name: "Readers", permissions: ["demo-product/notes:read"] });
    expect(held.name).toBe("Readers");

    // The roles editor's list: under the product's name, with what this admin may grant.
    const editor = await manager.trpc.roles.productPermissions.query({ orgId: acme });
    expect(editor).toEqual([
      {
        application: { slug: "demo-product", name: "Notes" },
        permissions: [
          { name: "demo-product/notes:read", description: "Read the organization's notes", category: "Notes", minimumRole: "viewer", held: true },
          { name: "demo-product/notes:write", description: "Write and edit notes", category: "Notes", minimumRole: "member", held: false },
          { name: "demo-product/notes:share", description: "Share notes outside the organization", category: "Sharing", minimumRole: "admin", held: false },
          { name: "demo-product/notes:export", description: "Export notes as Markdown", category: "Notes", minimumRole: "member", held: false },
        ],
      },
    ]);
    expect((await owner.trpc.roles.productPermissions.query({ orgId: acme }))[0]!.permissions.every((p) => p.held)).toBe(true);
  });

  it("a resource grant of a product permission on a product resource type allows that resource only", async () => {
    const viewer = await person("grantee@acme.example", { role: "viewer" });
    const note = "6f1c1f52-2f4e-4c8e-9b1a-0d6a3c1e5b7a";
    const grant = await owner.trpc.productGrants.create.mutate({ orgId: acme, resourceType: "demo-product/note", resourceId: note, subjectType: "user", subjectId: viewer, permissions: ["demo-product/notes:share"] });
    const audited = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "grant.create", resourceId: grant.id }, select: { details: true } });
    expect(audited.details).toEqual({ resource: `demo-product/note:${note}`, subject: `user:${viewer}`, permissions: ["demo-product/notes:share"], expiresAt: null });
    expect(await decide(viewer, "demo-product/notes:share", { type: "demo-product/note", id: note })).toEqual({
      allowed: true,
      reason: "granted",
      explanation: `grant ${grant.id} to user ${viewer} gives demo-product/notes:share on demo-product/note ${note}`,
    });
    expect(await decide(viewer, "demo-product/notes:share", { type: "demo-product/note", id: "0b4c9d8e-1111-4222-8333-444455556666" })).toMatchObject({ allowed: false, reason: "not_granted" });
    expect(await decide(viewer, "demo-product/notes:share")).toMatchObject({ allowed: false, reason: "not_granted" });

    // Only the product's own permissions, on a type it declared, and only what the granter holds.
    const base = { orgId: acme, resourceType: "demo-product/note", resourceId: note, subjectType: "user" as const, subjectId: viewer };
    expect(await callError(owner.trpc.productGrants.create.mutate({ ...base, permissions: ["org:delete"] }))).toMatchObject({
      status: 400,
      message: "Grants on demo-product/note give that product's own permissions only, not org:delete.",
    });
    expect(await callError(owner.trpc.productGrants.create.mutate({ ...base, resourceType: "demo-product/folder", permissions: ["demo-product/notes:read"] }))).toMatchObject({
      status: 400,
      message: '"demo-product/folder" is not a resource type any product declared.',
    });
    const granters = await owner.trpc.roles.create.mutate({ orgId: acme, name: "Note granters", permissions: ["grants:create", "demo-product/notes:read"] });
    await person("granter@acme.example", { customRoleId: granters.id });
    const granter = await api.signedIn("granter@acme.example");
    expect(await callError(granter.trpc.productGrants.create.mutate({ ...base, permissions: ["demo-product/notes:share"] }))).toMatchObject({
      status: 403,
      message: "You cannot grant permissions you do not hold: demo-product/notes:share.",
    });
    expect((await granter.trpc.productGrants.create.mutate({ ...base, permissions: ["demo-product/notes:read"] })).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a permission still held by a role or a grant cannot be removed from the catalog", async () => {
    const removing = await call("PUT", "/v1/catalog", { ...NEXT, permissions: NEXT.permissions.filter((p) => p.name !== "demo-product/notes:share") });
    expect(removing.status).toBe(409);
    expect(errorOf(removing)).toMatchObject({
      code: "conflict",
      message: "Still used by custom roles or resource grants, so they cannot be removed: demo-product/notes:share. Organizations must take them out of their roles and grants first.",
    });
    const denial = await api.db.auditEvent.findFirstOrThrow({ where: { action: "application.catalog_update", requestId: removing.headers.get("x-request-id")! }, select: { status: true, details: true } });
    expect(denial).toEqual({ status: "denied", details: { reason: "still_used", stillUsed: ["demo-product/notes:share"] } });
    const unused = await call("PUT", "/v1/catalog", { ...NEXT, permissions: NEXT.permissions.filter((p) => p.name !== "demo-product/notes:export") });
    expect(unused.status).toBe(200);
  });
});
