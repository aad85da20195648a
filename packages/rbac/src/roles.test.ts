import { describe, expect, it } from "vitest";
import { PERMISSIONS, PERMISSION_CATEGORIES } from "./permissions.ts";
import { SYSTEM_ROLES, systemRolePermissions } from "./roles.ts";

describe("system roles", () => {
  it("are nested: owner ⊃ admin ⊃ member ⊇ viewer", () => {
    const [owner, admin, member, viewer] = SYSTEM_ROLES.map((r) => systemRolePermissions(r));
    for (const p of viewer!) expect(member!.has(p)).toBe(true);
    for (const p of member!) expect(admin!.has(p)).toBe(true);
    for (const p of admin!) expect(owner!.has(p)).toBe(true);
    expect(owner!.size).toBeGreaterThan(admin!.size);
    expect(admin!.size).toBeGreaterThan(member!.size);
  });

  it("give the owner every permission and keep billing changes and deletion from admins", () => {
    expect(systemRolePermissions("owner").size).toBe(PERMISSIONS.length);
    expect(systemRolePermissions("admin").has("billing:manage")).toBe(false);
    expect(systemRolePermissions("admin").has("org:delete")).toBe(false);
    expect(systemRolePermissions("viewer").has("org:update")).toBe(false);
  });
});

describe("permission catalog", () => {
  it("names every permission resource:action with a known category and a description", () => {
    for (const p of PERMISSIONS) {
      expect(p.name).toMatch(/^[a-z_]+:[a-z_]+$/);
      expect(Object.keys(PERMISSION_CATEGORIES)).toContain(p.category);
      expect(p.description.length).toBeGreaterThan(10);
    }
  });
});
