import { describe, expect, it } from "vitest";
import { newUser, patch, scimClient, verifiedDomain } from "../rest/scim/scim-testing.ts";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
await verifiedDomain(api.db, acme, "acme.example");
const globex = api.demo.organizations["globex"]!;
const owner = await api.signedIn("admin@acme.example");
const globexOwner = await api.signedIn("it@globex.example");
const viewer = await api.signedIn("auditor@acme.example");

describe("scim admin procedures", () => {
  it("creates a token shown once, which then provisions; rotation and revocation cut the old secrets", async () => {
    const created = await owner.trpc.scim.createToken.mutate({ orgId: acme, name: "Okta" });
    expect(created.token).toMatch(/^atrium_scim_[a-z2-7]{8}_[a-z2-7]{52}$/);
    const listed = await owner.trpc.scim.tokens.query({ orgId: acme });
    expect(listed.map((t) => t.prefix)).toContain(created.prefix);
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(21));
    expect((await scimClient(api.url, created.token)("POST", "/Users", newUser("okta1@acme.example"))).status).toBe(201);
    const rotated = await owner.trpc.scim.rotateToken.mutate({ orgId: acme, tokenId: created.id });
    expect((await scimClient(api.url, created.token)("GET", "/Users")).status).toBe(401);
    expect((await scimClient(api.url, rotated.token)("GET", "/Users")).status).toBe(200);
    await owner.trpc.scim.revokeToken.mutate({ orgId: acme, tokenId: created.id });
    expect((await scimClient(api.url, rotated.token)("GET", "/Users")).status).toBe(401);
    const audit = await api.db.auditEvent.findMany({ where: { organizationId: acme, action: { startsWith: "scim.token" }, resourceId: created.id }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["scim.token_create", "scim.token_revoke", "scim.token_rotate"]);
  });

  it("shows statistics, requests (errors filterable), provisioned users and groups", async () => {
    const { token } = await owner.trpc.scim.createToken.mutate({ orgId: acme, name: "Entra" });
    const scim = scimClient(api.url, token);
    const user = await scim("POST", "/Users", newUser("entra1@acme.example"));
    await scim("POST", "/Users", newUser("entra1@acme.example"));
    const group = await scim("POST", "/Groups", { displayName: "Finance", members: [{ value: user.body.id }] });
    await scim("PATCH", `/Users/${user.body.id}`, patch({ op: "replace", path: "active", value: false }));
    let errors: Awaited<ReturnType<typeof owner.trpc.scim.requests.query>> = [];
    while (errors.length === 0) errors = await owner.trpc.scim.requests.query({ orgId: acme, errorsOnly: true });
    expect(errors[0]).toMatchObject({ method: "POST", path: "/Users", status: 409, scimType: "uniqueness" });
    const overview = await owner.trpc.scim.overview.query({ orgId: acme });
    expect(overview.baseUrl).toMatch(/\/scim\/v2$/);
    expect(overview.totals).toMatchObject({ users: 2, activeUsers: 1, groups: 1, usersCreated: 2, usersDeactivated: 1, groupsChanged: 1 });
    expect(overview.lastSyncAt).not.toBeNull();
    const users = await owner.trpc.scim.users.query({ orgId: acme, search: "entra" });
    expect(users).toMatchObject({ total: 1, rows: [{ userName: "entra1@acme.example", active: false, role: "member" }] });
    const groups = await owner.trpc.scim.groups.query({ orgId: acme });
    expect(groups).toEqual([expect.objectContaining({ id: group.body.id, name: "Finance", members: 1, mapping: null })]);
  });

  it("maps a group to a role; members follow, and the mapping is audited", async () => {
    const groups = await owner.trpc.scim.groups.query({ orgId: acme });
    const finance = groups.find((g) => g.name === "Finance")!;
    expect(await owner.trpc.scim.setGroupRole.mutate({ orgId: acme, groupId: finance.id, target: { role: "admin" }, priority: 5 })).toEqual({ members: 1, recomputed: 1 });
    const users = await owner.trpc.scim.users.query({ orgId: acme, search: "entra1" });
    expect(users.rows[0]!.role).toBe("admin");
    expect((await owner.trpc.scim.groups.query({ orgId: acme })).find((g) => g.id === finance.id)!.mapping).toMatchObject({ role: "admin", priority: 5 });
    await owner.trpc.scim.setGroupRole.mutate({ orgId: acme, groupId: finance.id, target: null });
    expect((await owner.trpc.scim.users.query({ orgId: acme, search: "entra1" })).rows[0]!.role).toBe("member");
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "scim.group_role_map" } })).toBe(2);
  });

  it("keeps tenants apart: another organization's admin cannot read or change any of it", async () => {
    const tokens = await owner.trpc.scim.tokens.query({ orgId: acme });
    const groups = await owner.trpc.scim.groups.query({ orgId: acme });
    for (const call of [
      () => globexOwner.trpc.scim.tokens.query({ orgId: acme }),
      () => globexOwner.trpc.scim.overview.query({ orgId: acme }),
      () => globexOwner.trpc.scim.requests.query({ orgId: acme }),
      () => globexOwner.trpc.scim.users.query({ orgId: acme }),
      () => globexOwner.trpc.scim.groups.query({ orgId: acme }),
    ]) {
      expect((await callError(call())).status).toBe(404);
    }
    // Acme's ids through Globex's own organization: not found there.
    expect((await callError(globexOwner.trpc.scim.revokeToken.mutate({ orgId: globex, tokenId: tokens[0]!.id }))).status).toBe(404);
    expect((await callError(globexOwner.trpc.scim.rotateToken.mutate({ orgId: globex, tokenId: tokens[0]!.id }))).status).toBe(404);
    expect((await callError(globexOwner.trpc.scim.setGroupRole.mutate({ orgId: globex, groupId: groups[0]!.id, target: { role: "admin" } }))).status).toBe(404);
    expect((await globexOwner.trpc.scim.users.query({ orgId: globex })).total).toBe(0);
    expect(await api.db.scimToken.count({ where: { organizationId: acme, revokedAt: null } })).toBeGreaterThan(0);
  });

  it("refuses a viewer's changes with 403", async () => {
    expect((await callError(viewer.trpc.scim.createToken.mutate({ orgId: acme, name: "x" }))).status).toBe(403);
  });
});
