import { describe, expect, it } from "vitest";
import { changerFor } from "../testing.ts";
import { bulkUpdateMembers, changeMemberRole, listMembers, removeMember, setMemberStatus, transferOwnership } from "./service.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const user = (email: string) => demo.users[email]!;
const roleOf = async (email: string) =>
  (await db.membership.findUnique({ where: { organizationId_userId: { organizationId: acme, userId: user(email) } }, select: { role: true, status: true } }));

describe("members", () => {
  it("lists members with search, role filter and sorting", async () => {
    const all = await listMembers(db, acme);
    expect(all.total).toBe(4);
    expect(all.rows.map((m) => m.name)).toEqual(["Alex Auditor", "Avery Admin", "Lee Chen", "Sam Patel"]);
    const search = await listMembers(db, acme, { q: "PATEL" });
    expect(search.rows.map((m) => m.email)).toEqual(["sam.patel@acme.example"]);
    const viewers = await listMembers(db, acme, { role: "viewer" });
    expect(viewers.rows.map((m) => m.role)).toEqual([{ key: "viewer", name: "viewer", custom: false }]);
  });

  it("changes a role and audits before and after", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    await changeMemberRole(db, owner, user("lee.chen@acme.example"), "admin");
    expect(await roleOf("lee.chen@acme.example")).toEqual({ role: "admin", status: "active" });
    const event = await db.auditEvent.findFirst({
      where: { organizationId: acme, action: "membership.role_change", resourceId: user("lee.chen@acme.example") },
      select: { actorLabel: true, details: true, personal: true },
    });
    expect(event).toEqual({
      actorLabel: "admin@acme.example",
      details: {
        before: { key: "member", name: "member", custom: false },
        after: { key: "admin", name: "admin", custom: false },
      },
      personal: { email: "lee.chen@acme.example" },
    });
  });

  it("lets only owners grant ownership or touch an owner", async () => {
    const admin = await changerFor(db, "sam.patel@acme.example", acme);
    await expect(changeMemberRole(db, admin, user("lee.chen@acme.example"), "owner")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(db, admin, user("admin@acme.example"), "viewer")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(db, admin, user("admin@acme.example"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("never leaves an organization without an active owner", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const lastOwner = { code: "CONFLICT", userMessage: "An organization must keep at least one active owner." };
    await expect(changeMemberRole(db, owner, user("admin@acme.example"), "admin")).rejects.toMatchObject(lastOwner);
    await expect(setMemberStatus(db, owner, user("admin@acme.example"), "deactivated")).rejects.toMatchObject(lastOwner);
    await expect(removeMember(db, owner, user("admin@acme.example"))).rejects.toMatchObject(lastOwner);
    expect(await roleOf("admin@acme.example")).toEqual({ role: "owner", status: "active" });
  });

  it("applies a bulk action all or nothing", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const targets = [user("auditor@acme.example"), user("admin@acme.example")];
    await expect(bulkUpdateMembers(db, owner, targets, { type: "deactivate" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await roleOf("auditor@acme.example")).toEqual({ role: "viewer", status: "active" });
    expect(await bulkUpdateMembers(db, owner, [user("auditor@acme.example")], { type: "deactivate" })).toBe(1);
    expect(await roleOf("auditor@acme.example")).toEqual({ role: "viewer", status: "deactivated" });
  });

  it("transfers ownership: the new owner in, the old owner down to admin", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    await transferOwnership(db, owner, user("sam.patel@acme.example"));
    expect(await roleOf("sam.patel@acme.example")).toEqual({ role: "owner", status: "active" });
    expect(await roleOf("admin@acme.example")).toEqual({ role: "admin", status: "active" });
    expect(await db.auditEvent.count({ where: { organizationId: acme, action: "org.ownership_transfer" } })).toBe(1);
  });
});
