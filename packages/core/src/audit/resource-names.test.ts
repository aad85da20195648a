import { describe, expect, it } from "vitest";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { auditResourceNames, resourceKey } from "./resource-names.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const globex = demo.organizations["globex"]!;
const lee = demo.users["lee.chen@acme.example"]!;
const role = await db.role.create({ data: { organizationId: acme, name: "Billing readers", permissions: ["billing:read"] }, select: { id: true, name: true } });
const globexRole = await db.role.create({ data: { organizationId: globex, name: "Auditors", permissions: ["audit:read"] }, select: { id: true } });

describe("audit resource names", () => {
  it("names this organization's users, roles and child organizations by their names", async () => {
    const child = await db.organization.findFirstOrThrow({ where: { parentId: acme }, select: { id: true, name: true } });
    const leeName = (await db.user.findUniqueOrThrow({ where: { id: lee }, select: { name: true } })).name;
    const names = await auditResourceNames(db, acme, [
      { resourceType: "user", resourceId: lee },
      { resourceType: "role", resourceId: role.id },
      { resourceType: "organization", resourceId: child.id },
      { resourceType: "legal_hold", resourceId: role.id },
      { resourceType: "role", resourceId: null },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      [resourceKey("user", lee)]: leeName,
      [resourceKey("role", role.id)]: role.name,
      [resourceKey("organization", child.id)]: child.name,
    });
  });

  it("never names another tenant's resources, even when their ids appear in this log", async () => {
    const globexUser = await db.membership.findFirstOrThrow({ where: { organizationId: globex }, select: { userId: true } });
    const names = await auditResourceNames(db, acme, [
      { resourceType: "role", resourceId: globexRole.id },
      { resourceType: "organization", resourceId: globex },
      { resourceType: "user", resourceId: globexUser.userId },
    ]);
    expect(names.size).toBe(0);
  });
});
