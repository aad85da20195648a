import { describe, expect, it } from "vitest";
import { PERMISSIONS, PERMISSION_CATEGORIES, type Permission } from "./permissions.ts";
import { OWNER_ONLY, SYSTEM_ROLES, systemRolePermissions, validateCustomRole } from "./roles.ts";

describe("system roles", () => {
  it("are nested: owner ⊃ admin ⊃ member ⊃ viewer", () => {
    const [owner, admin, member, viewer] = SYSTEM_ROLES.map((r) => systemRolePermissions(r));
    for (const p of viewer!) expect(member!.has(p)).toBe(true);
    for (const p of member!) expect(admin!.has(p)).toBe(true);
    for (const p of admin!) expect(owner!.has(p)).toBe(true);
    expect(owner!.size).toBeGreaterThan(admin!.size);
    expect(admin!.size).toBeGreaterThan(member!.size);
    expect(member!.size).toBeGreaterThan(viewer!.size);
  });

  it("give the owner every permission and keep money, deletion and ownership from admins", () => {
    expect(systemRolePermissions("owner").size).toBe(PERMISSIONS.length);
    for (const p of OWNER_ONLY) expect(systemRolePermissions("admin").has(p)).toBe(false);
    expect(systemRolePermissions("viewer").has("org:update")).toBe(false);
  });
});

describe("permission catalog", () => {
  it("has at least 100 permissions, each resource:action with a known category and a description", () => {
    expect(PERMISSIONS.length).toBeGreaterThanOrEqual(100);
    for (const p of PERMISSIONS) {
      expect(p.name).toMatch(/^[a-z_]+:[a-z_]+$/);
      expect(Object.keys(PERMISSION_CATEGORIES)).toContain(p.category);
      expect(p.description.length).toBeGreaterThan(10);
    }
  });

  it("covers every category", () => {
    const used = new Set(PERMISSIONS.map((p) => p.category));
    expect([...used].sort()).toEqual(Object.keys(PERMISSION_CATEGORIES).sort());
  });
});

describe("validateCustomRole", () => {
  const admin = systemRolePermissions("admin");

  it("accepts a named subset of the granter's permissions", () => {
    expect(validateCustomRole({ name: "Auditor", permissions: ["audit:read", "audit:export"] }, admin)).toEqual([]);
  });

  it("refuses unknown permissions, permissions the granter lacks, an empty set and system role names", () => {
    expect(validateCustomRole({ name: "X", permissions: ["audit:read", "audit:teleport"] }, admin)).toEqual([
      { field: "permissions", message: "Unknown permissions: audit:teleport." },
    ]);
    expect(validateCustomRole({ name: "Biller", permissions: ["billing:change_plan" as Permission] }, admin)).toEqual([
      { field: "permissions", message: "You cannot grant permissions you do not hold: billing:change_plan." },
    ]);
    expect(validateCustomRole({ name: "Empty", permissions: [] }, admin)).toEqual([
      { field: "permissions", message: "Choose at least one permission." },
    ]);
    expect(validateCustomRole({ name: "Admin", permissions: ["org:read"] }, admin)).toEqual([
      { field: "name", message: '"Admin" is a system role\'s name.' },
    ]);
  });
});

describe("validateCustomRole with product permissions", () => {
  const products = [{ name: "demo-product/notes:share" as const, minimumRole: "admin" as const }];

  it("accepts a declared product permission the granter holds, refuses an undeclared one and one the granter lacks", () => {
    const granter = new Set<string>([...systemRolePermissions("admin"), "demo-product/notes:share"]);
    expect(validateCustomRole({ name: "Sharers", permissions: ["demo-product/notes:share"] }, granter, products)).toEqual([]);
    expect(validateCustomRole({ name: "Sharers", permissions: ["demo-product/notes:burn"] }, granter, products)).toEqual([
      { field: "permissions", message: "Unknown permissions: demo-product/notes:burn." },
    ]);
    expect(validateCustomRole({ name: "Sharers", permissions: ["demo-product/notes:share"] }, systemRolePermissions("member"), products)).toEqual([
      { field: "permissions", message: "You cannot grant permissions you do not hold: demo-product/notes:share." },
    ]);
  });
});
