import { describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { verifyAuditChain } from "../audit/verify.ts";
import { createChildOrganization, getHierarchy, listMyOrganizations } from "./service.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const adminId = demo.users["admin@acme.example"]!;
const admin: Actor = { type: "user", userId: adminId, email: "admin@acme.example", ip: "203.0.113.9", requestId: "req-1" };

describe("organizations", () => {
  it("lists the organizations a user belongs to, roots first, with the user's role", async () => {
    const mine = await listMyOrganizations(db, adminId);
    expect(mine.map((o) => [o.name, o.role.key, o.depth])).toEqual([
      ["Acme Corp", "owner", 1],
      ["Acme EMEA", "owner", 2],
      ["Acme North America", "owner", 2],
      ["Acme Canada", "owner", 3],
    ]);
  });

  it("returns an organization's subtree with member counts, parents first", async () => {
    const tree = await getHierarchy(db, demo.organizations["acmeNorthAmerica"]!);
    expect(tree.map((n) => [n.name, n.parentId, n.memberCount])).toEqual([
      ["Acme North America", acme, 3],
      ["Acme Canada", demo.organizations["acmeNorthAmerica"], 3],
    ]);
  });

  it("creates a child that inherits plan and enterprise flag, makes the creator its owner, and audits both", async () => {
    const child = await createChildOrganization(db, admin, acme, { name: "Acme APAC", slug: "acme-apac", region: "au" });
    expect(child).toMatchObject({ parentId: acme, plan: "enterprise", isEnterprise: true, region: "au", depth: 2 });
    const membership = await db.membership.findUnique({
      where: { organizationId_userId: { organizationId: child.id, userId: adminId } },
      select: { role: true },
    });
    expect(membership).toEqual({ role: "owner" });
    const event = await db.auditEvent.findFirst({
      where: { organizationId: acme, action: "org.create", resourceId: child.id },
      select: { actorType: true, actorId: true, ip: true, requestId: true, details: true },
    });
    expect(event).toEqual({
      actorType: "user",
      actorId: adminId,
      ip: "203.0.113.9",
      requestId: "req-1",
      details: { name: "Acme APAC", slug: "acme-apac", parentId: acme, region: "au" },
    });
    expect((await verifyAuditChain(db, acme)).ok).toBe(true);
  });

  it("refuses a duplicate slug with CONFLICT and writes nothing", async () => {
    const before = await db.organization.count();
    const auditBefore = await db.auditEvent.count();
    await expect(createChildOrganization(db, admin, acme, { name: "Another", slug: "acme-emea" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: 'The slug "acme-emea" is already taken.',
    });
    expect(await db.organization.count()).toBe(before);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it("refuses a sixth level with CONFLICT", async () => {
    let parent = demo.organizations["acmeCanada"]!;
    for (const slug of ["lvl-4", "lvl-5"]) parent = (await createChildOrganization(db, admin, parent, { name: slug, slug })).id;
    await expect(createChildOrganization(db, admin, parent, { name: "Level 6", slug: "lvl-6" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "Organizations can be nested at most 5 levels deep.",
    });
  });
});
