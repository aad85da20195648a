import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../seed/demo.ts";
import { loadOrgAccesses, pairKey, type AccessPair } from "./batch.ts";
import { loadOrgAccess } from "./service.ts";

const { db } = await createTestDatabase();
const demo = await seedDemo(db);
const org = (key: string) => demo.organizations[key]!;
const user = (email: string) => demo.users[email]!;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

// What the one-pair loader reads beyond system roles: a custom role with a condition, a group, directory attributes,
// an IP allowlist, a feature override, and child organizations.
const acme = org("acme");
const role = await db.role.create({
  data: { organizationId: acme, name: "Batch auditor", permissions: ["audit:read"], conditions: [{ attribute: "department", equals: "Security" }] },
});
const custom = user("lee.chen@acme.example");
await db.membership.updateMany({ where: { organizationId: acme, userId: custom }, data: { role: null, customRoleId: role.id, attributes: { department: "Security" } } });
const group = await db.group.create({ data: { organizationId: acme, name: "Batch readers" } });
await db.groupMember.create({ data: { groupId: group.id, userId: custom } });
await db.ipAllowlistEntry.create({ data: { organizationId: acme, cidr: "10.0.0.0/8" } });
await db.featureOverride.create({ data: { organizationId: acme, feature: "audit_export", enabled: true, reason: "batch test" } });

const PAIRS: AccessPair[] = [
  { userId: user("admin@acme.example"), organizationId: acme },
  { userId: custom, organizationId: acme },
  { userId: user("auditor@acme.example"), organizationId: acme },
  { userId: user("admin@acme.example"), organizationId: org("acmeCanada") },
  { userId: user("auditor@acme.example"), organizationId: org("acmeCanada") },
  { userId: user("auditor@acme.example"), organizationId: org("globex") },
  { userId: user("admin@acme.example"), organizationId: UNKNOWN },
  { userId: UNKNOWN, organizationId: acme },
];

describe("loadOrgAccesses", () => {
  it("answers every pair exactly as loadOrgAccess does", async () => {
    const answers = await loadOrgAccesses(db, PAIRS);
    expect(answers.size).toBe(PAIRS.length);
    for (const pair of PAIRS) {
      expect(answers.get(pairKey(pair))!.access, pairKey(pair)).toEqual(await loadOrgAccess(db, pair.userId, pair.organizationId));
    }
    const withCustomRole = answers.get(pairKey(PAIRS[1]!))!.access!;
    expect(withCustomRole.role).toMatchObject({ custom: true, name: "Batch auditor" });
    expect(withCustomRole.subject.groupIds).toEqual([group.id]);
    expect(withCustomRole.organization.ipAllowlist).toEqual(["10.0.0.0/8"]);
    expect(withCustomRole.organization.overrides).toEqual([{ feature: "audit_export", enabled: true, expiresAt: null }]);
  });

  it("says whether the organization exists, also for people who hold no role there", async () => {
    const answers = await loadOrgAccesses(db, PAIRS);
    expect(PAIRS.map((p) => answers.get(pairKey(p))!.exists)).toEqual([true, true, true, true, true, true, false, true]);
    expect(PAIRS.map((p) => answers.get(pairKey(p))!.access !== null)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it("treats a deleted organization as missing and answers a repeated pair once", async () => {
    const child = await db.organization.findFirstOrThrow({ where: { id: org("acmeCanada") }, select: { id: true } });
    await db.$executeRaw`UPDATE organizations SET deleted_at = now() WHERE id = ${child.id}::uuid`;
    try {
      const pair = { userId: user("admin@acme.example"), organizationId: child.id };
      const answers = await loadOrgAccesses(db, [pair, pair]);
      expect([...answers.values()]).toEqual([{ exists: false, access: null }]);
    } finally {
      await db.$executeRaw`UPDATE organizations SET deleted_at = NULL WHERE id = ${child.id}::uuid`;
    }
  });

  it("answers an empty list without a query", async () => {
    expect((await loadOrgAccesses(db, [])).size).toBe(0);
  });
});
