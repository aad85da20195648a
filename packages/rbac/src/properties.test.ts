/** Properties of decide() over generated roles, grants and contexts. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, type ResourceGrant } from "./decide.ts";
import { PERMISSIONS, type Permission } from "./permissions.ts";
import { SYSTEM_ROLES, systemRolePermissions, validateCustomRole } from "./roles.ts";

const ORG = "org-1";
const permission = fc.constantFrom(...PERMISSIONS.map((p) => p.name));
const permissionSet = fc.uniqueArray(permission, { maxLength: 30 });
const context = fc.record({
  now: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
  ip: fc.ipV4(),
  mfa: fc.boolean(),
});
const resource = fc.record({
  type: fc.constantFrom("organization", "workspace"),
  id: fc.constantFrom("r-1", "r-2"),
  organizationId: fc.constant(ORG),
  private: fc.boolean(),
});

describe("decide() properties", () => {
  it("a system role never allows more than the role above it", () => {
    fc.assert(
      fc.property(permission, resource, context, (p, r, ctx) => {
        for (let i = SYSTEM_ROLES.length - 1; i > 0; i--) {
          const lower = decide({ id: "u", roles: [{ organizationId: ORG, role: SYSTEM_ROLES[i]! }] }, p, r, ctx).allowed;
          const higher = decide({ id: "u", roles: [{ organizationId: ORG, role: SYSTEM_ROLES[i - 1]! }] }, p, r, ctx).allowed;
          if (lower && !higher) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it("a custom role that passes validation never allows what its granter could not do", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYSTEM_ROLES), permissionSet, permission, resource, context, (granterRole, set, p, r, ctx) => {
        const granter = systemRolePermissions(granterRole);
        fc.pre(set.length > 0 && validateCustomRole({ name: "Custom", permissions: set }, granter).length === 0);
        const custom = { id: "c", name: "Custom", permissions: set as Permission[] };
        const byCustom = decide({ id: "u", roles: [{ organizationId: ORG, role: custom }] }, p, r, ctx).allowed;
        const byGranter = decide({ id: "u", roles: [{ organizationId: ORG, role: granterRole }] }, p, r, ctx);
        return !byCustom || byGranter.allowed;
      }),
      { numRuns: 500 },
    );
  });

  it("validation refuses any set with a permission the granter lacks", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYSTEM_ROLES), permissionSet, (granterRole, set) => {
        const granter = systemRolePermissions(granterRole);
        const exceeds = set.some((p) => !granter.has(p));
        const problems = validateCustomRole({ name: "Custom", permissions: set }, granter);
        return !exceeds || problems.some((x) => x.message.startsWith("You cannot grant"));
      }),
      { numRuns: 500 },
    );
  });

  it("an expired grant never allows", () => {
    const grant = fc.record({
      id: fc.constant("g"),
      resourceType: fc.constantFrom("organization", "workspace"),
      resourceId: fc.constantFrom("r-1", "r-2"),
      permissions: fc.uniqueArray(permission, { minLength: 1, maxLength: 10 }),
      subject: fc.constantFrom({ type: "user" as const, id: "u" }, { type: "group" as const, id: "g-1" }),
    });
    fc.assert(
      fc.property(grant, fc.integer({ min: 0, max: 10 ** 10 }), permission, resource, context, (g, agoMs, p, r, ctx) => {
        const expired: ResourceGrant = { ...g, expiresAt: new Date(ctx.now.getTime() - agoMs) };
        return !decide({ id: "u", roles: [], groupIds: ["g-1"], grants: [expired] }, p, r, ctx).allowed;
      }),
      { numRuns: 500 },
    );
  });
});

it("the property tests see the whole catalog", () => {
  expect(PERMISSIONS.length).toBeGreaterThanOrEqual(100);
});
