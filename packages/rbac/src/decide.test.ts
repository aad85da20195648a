import { describe, expect, it } from "vitest";
import { decide, type ResourceGrant, type Subject } from "./decide.ts";
import type { Permission } from "./permissions.ts";

const ACME = "org-acme";
const ACME_NA = "org-acme-na";
const ACME_CA = "org-acme-ca";
const GLOBEX = "org-globex";
const now = new Date("2026-11-23T14:30:00Z");

const subject = (roles: Subject["roles"], extra: Partial<Subject> = {}): Subject => ({ id: "user-1", roles, ...extra });
const org = (organizationId: string) => ({ type: "organization", organizationId });

describe("decide: roles", () => {
  it("allows what the subject's role grants in the resource's organization, naming the role", () => {
    expect(decide(subject([{ organizationId: ACME, role: "admin" }]), "members:invite", org(ACME))).toEqual({
      allowed: true,
      reason: `role "admin" in organization ${ACME} grants members:invite`,
    });
  });

  it("denies what the role does not grant, naming the role held", () => {
    expect(decide(subject([{ organizationId: ACME, role: "viewer" }]), "org:update", org(ACME))).toEqual({
      allowed: false,
      reason: `role "viewer" in organization ${ACME} does not grant org:update`,
    });
  });

  it("denies a subject with no role in the organization (another tenant)", () => {
    expect(decide(subject([{ organizationId: ACME, role: "owner" }]), "org:read", org(GLOBEX))).toEqual({
      allowed: false,
      reason: `not a member of organization ${GLOBEX}`,
    });
  });

  it("applies a role held on an ancestor only when that organization lets it inherit", () => {
    const resource = { type: "organization", organizationId: ACME_CA, ancestorIds: [ACME_NA, ACME] };
    expect(decide(subject([{ organizationId: ACME, role: "admin" }]), "org:read", resource).allowed).toBe(false);
    expect(decide(subject([{ organizationId: ACME, role: "admin", inheritToChildren: true }]), "org:read", resource)).toEqual({
      allowed: true,
      reason: `role "admin" inherited from organization ${ACME} grants org:read`,
    });
  });

  it("uses a custom role's permission set", () => {
    const auditor = { id: "role-1", name: "Auditor", permissions: ["audit:read", "audit:export"] as Permission[] };
    const s = subject([{ organizationId: ACME, role: auditor }]);
    expect(decide(s, "audit:export", org(ACME)).reason).toBe(`role "Auditor" in organization ${ACME} grants audit:export`);
    expect(decide(s, "members:invite", org(ACME)).allowed).toBe(false);
  });

  it("applies a custom role only while its conditions hold, and says which failed", () => {
    const analyst = {
      id: "role-2",
      name: "Finance analyst",
      permissions: ["billing:read_invoices"] as Permission[],
      conditions: [{ type: "ip_allowlist" as const }, { type: "attribute" as const, attribute: "department", oneOf: ["Finance"] }],
    };
    const s = subject([{ organizationId: ACME, role: analyst }], { attributes: { department: "Finance" } });
    const office = { now, ipAllowlist: ["203.0.113.0/24"] };
    expect(decide(s, "billing:read_invoices", org(ACME), { ...office, ip: "203.0.113.9" }).allowed).toBe(true);
    expect(decide(s, "billing:read_invoices", org(ACME), { ...office, ip: "198.51.100.1" })).toEqual({
      allowed: false,
      reason: `role "Finance analyst" grants billing:read_invoices but IP 198.51.100.1 is not in the organization's IP allowlist`,
    });
  });

  it("refuses a permission that is not in the catalog", () => {
    expect(decide(subject([{ organizationId: ACME, role: "owner" }]), "org:teleport" as Permission, org(ACME))).toEqual({
      allowed: false,
      reason: 'unknown permission "org:teleport"',
    });
  });
});

describe("decide: private resources and grants", () => {
  const workspace = { type: "workspace", id: "ws-1", organizationId: ACME, private: true };
  const grant = (extra: Partial<ResourceGrant> = {}): ResourceGrant => ({
    id: "grant-1",
    resourceType: "workspace",
    resourceId: "ws-1",
    permissions: ["workspace_content:read", "workspace_content:update"],
    subject: { type: "group", id: "group-eng", name: "Engineering" },
    ...extra,
  });

  it("keeps a member's role out of a private workspace, but not an admin's", () => {
    expect(decide(subject([{ organizationId: ACME, role: "member" }]), "workspace_content:read", workspace)).toEqual({
      allowed: false,
      reason: `workspace ws-1 is private and role "member" lacks workspaces:read_private`,
    });
    expect(decide(subject([{ organizationId: ACME, role: "admin" }]), "workspace_content:read", workspace).allowed).toBe(true);
  });

  it("lets a grant to one of the subject's groups in, naming the grant", () => {
    const s = subject([{ organizationId: ACME, role: "member" }], { groupIds: ["group-eng"], grants: [grant()] });
    expect(decide(s, "workspace_content:update", workspace, { now })).toEqual({
      allowed: true,
      reason: "grant grant-1 to group Engineering gives workspace_content:update on workspace ws-1",
    });
    expect(decide(s, "workspace_content:delete", workspace, { now }).allowed).toBe(false);
  });

  it("ignores a grant to a group the subject is not in, and an expired grant", () => {
    const outsider = subject([{ organizationId: ACME, role: "member" }], { groupIds: ["group-sales"], grants: [grant()] });
    expect(decide(outsider, "workspace_content:read", workspace, { now }).allowed).toBe(false);
    const expired = subject([], { groupIds: ["group-eng"], grants: [grant({ expiresAt: new Date("2026-11-01T00:00:00Z") })] });
    expect(decide(expired, "workspace_content:read", workspace, { now })).toEqual({
      allowed: false,
      reason: "grant grant-1 to group Engineering expired at 2026-11-01T00:00:00.000Z",
    });
  });
});

describe("decide() with product permissions", () => {
  const products = [
    { name: "demo-product/notes:read" as const, minimumRole: "viewer" as const },
    { name: "demo-product/notes:edit" as const, minimumRole: "member" as const },
    { name: "demo-product/notes:share" as const, minimumRole: "admin" as const },
  ];
  const org = { type: "organization", organizationId: "o1" };
  const as = (role: "owner" | "admin" | "member" | "viewer") => ({ id: "u", roles: [{ organizationId: "o1", role }] });

  it("system roles hold product permissions from the minimum role the product declared", () => {
    const held = (role: "owner" | "admin" | "member" | "viewer") =>
      products.filter((p) => decide(as(role), p.name, org, { products }).allowed).map((p) => p.name);
    expect(held("owner")).toEqual(["demo-product/notes:read", "demo-product/notes:edit", "demo-product/notes:share"]);
    expect(held("admin")).toEqual(["demo-product/notes:read", "demo-product/notes:edit", "demo-product/notes:share"]);
    expect(held("member")).toEqual(["demo-product/notes:read", "demo-product/notes:edit"]);
    expect(held("viewer")).toEqual(["demo-product/notes:read"]);
    expect(decide(as("member"), "demo-product/notes:share", org, { products })).toEqual({
      allowed: false,
      reason: 'role "member" in organization o1 does not grant demo-product/notes:share',
    });
  });

  it("a product permission absent from the catalog given is unknown, even to an owner", () => {
    expect(decide(as("owner"), "demo-product/notes:share", org, {})).toEqual({ allowed: false, reason: 'unknown permission "demo-product/notes:share"' });
    expect(decide(as("owner"), "demo-product/notes:fly", org, { products })).toEqual({ allowed: false, reason: 'unknown permission "demo-product/notes:fly"' });
  });

  it("custom roles and resource grants hold exactly the product permissions they list", () => {
    const sharer = { id: "u", roles: [{ organizationId: "o1", role: { id: "r1", name: "Sharers", permissions: ["demo-product/notes:share" as const] } }] };
    expect(decide(sharer, "demo-product/notes:share", org, { products })).toEqual({ allowed: true, reason: 'role "Sharers" in organization o1 grants demo-product/notes:share' });
    expect(decide(sharer, "demo-product/notes:edit", org, { products }).allowed).toBe(false);
    const grant = { id: "g1", resourceType: "demo-product/note", resourceId: "n1", permissions: ["demo-product/notes:edit" as const], subject: { type: "user" as const, id: "u" } };
    const note = { type: "demo-product/note", id: "n1", organizationId: "o1" };
    expect(decide({ id: "u", roles: [{ organizationId: "o1", role: "viewer" }], grants: [grant] }, "demo-product/notes:edit", note, { products })).toEqual({
      allowed: true,
      reason: "grant g1 to user u gives demo-product/notes:edit on demo-product/note n1",
    });
  });
});
