import { describe, expect, it } from "vitest";
import { decide, type Subject } from "./decide.ts";
import type { Permission } from "./permissions.ts";

const ACME = "org-acme";
const ACME_NA = "org-acme-na";
const ACME_CA = "org-acme-ca";
const GLOBEX = "org-globex";

const subject = (roles: Subject["roles"]): Subject => ({ id: "user-1", roles });

describe("decide", () => {
  it("allows what the subject's role grants in the resource's organization, naming the role", () => {
    const decision = decide(subject([{ organizationId: ACME, role: "admin" }]), "members:invite", {
      type: "organization",
      organizationId: ACME,
    });
    expect(decision).toEqual({
      allowed: true,
      reason: `role "admin" in organization ${ACME} grants members:invite`,
    });
  });

  it("denies what the role does not grant, naming the role held", () => {
    const decision = decide(subject([{ organizationId: ACME, role: "viewer" }]), "org:update", {
      type: "organization",
      organizationId: ACME,
    });
    expect(decision).toEqual({
      allowed: false,
      reason: `role "viewer" in organization ${ACME} does not grant org:update`,
    });
  });

  it("denies a subject with no role in the organization (another tenant)", () => {
    const decision = decide(subject([{ organizationId: ACME, role: "owner" }]), "org:read", {
      type: "organization",
      organizationId: GLOBEX,
    });
    expect(decision).toEqual({ allowed: false, reason: `not a member of organization ${GLOBEX}` });
  });

  it("applies a role held on an ancestor only when that organization lets it inherit", () => {
    const resource = { type: "organization", organizationId: ACME_CA, ancestorIds: [ACME_NA, ACME] };
    expect(decide(subject([{ organizationId: ACME, role: "admin" }]), "org:read", resource).allowed).toBe(false);
    expect(
      decide(subject([{ organizationId: ACME, role: "admin", inheritToChildren: true }]), "org:read", resource),
    ).toEqual({ allowed: true, reason: `role "admin" inherited from organization ${ACME} grants org:read` });
  });

  it("uses a custom role's permission set", () => {
    const auditor = { id: "role-1", name: "Auditor", permissions: ["audit:read", "audit:export"] as Permission[] };
    const s = subject([{ organizationId: ACME, role: auditor }]);
    expect(decide(s, "audit:export", { type: "audit_log", organizationId: ACME }).reason).toBe(
      `role "Auditor" in organization ${ACME} grants audit:export`,
    );
    expect(decide(s, "members:invite", { type: "organization", organizationId: ACME }).allowed).toBe(false);
  });

  it("refuses a permission that is not in the catalog", () => {
    const decision = decide(
      subject([{ organizationId: ACME, role: "owner" }]),
      "org:teleport" as Permission,
      { type: "organization", organizationId: ACME },
    );
    expect(decision).toEqual({ allowed: false, reason: 'unknown permission "org:teleport"' });
  });
});
