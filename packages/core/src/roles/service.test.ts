import { describe, expect, it } from "vitest";
import { decideFor, loadOrgAccess } from "../access/service.ts";
import { changeMemberRole } from "../members/service.ts";
import { changerFor } from "../testing.ts";
import { createRole, deleteRole, listRoles, updateRole } from "./service.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const lee = demo.users["lee.chen@acme.example"]!;

describe("custom roles", () => {
  it("are created from the granter's permissions and change what their holders may do", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const role = await createRole(db, owner.actor, acme, owner.permissions, {
      name: "Auditor",
      description: "Reads and exports the audit log",
      permissions: ["audit:export", "audit:read"],
      conditions: [],
    });
    await changeMemberRole(db, owner, lee, role.id);
    const access = (await loadOrgAccess(db, lee, acme))!;
    expect(access.role).toEqual({ key: role.id, name: "Auditor", custom: true });
    expect(decideFor(access, "audit:export")).toEqual({ allowed: true, reason: `role "Auditor" in organization ${acme} grants audit:export` });
    expect(decideFor(access, "workspace_content:update").allowed).toBe(false);
    const listed = (await listRoles(db, acme)).find((r) => r.key === role.id);
    expect(listed).toMatchObject({ permissions: ["audit:read", "audit:export"], memberCount: 1 });
  });

  it("refuse permissions the granter lacks, duplicate names and unknown permissions", async () => {
    const admin = await changerFor(db, "sam.patel@acme.example", acme);
    const input = { description: "", conditions: [] };
    await expect(createRole(db, admin.actor, acme, admin.permissions, { ...input, name: "Biller", permissions: ["billing:change_plan"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      userMessage: "You cannot grant permissions you do not hold: billing:change_plan.",
    });
    await expect(createRole(db, admin.actor, acme, admin.permissions, { ...input, name: "auditor", permissions: ["audit:read"] })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("audit an update with the permissions added and removed, and cannot be deleted while held", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const role = (await listRoles(db, acme)).find((r) => r.name === "Auditor")!;
    await updateRole(db, owner.actor, acme, owner.permissions, role.key, {
      name: "Auditor",
      description: "Reads the audit log and verifies it",
      permissions: ["audit:read", "audit:verify"],
      conditions: [{ type: "mfa" }],
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "role.update", resourceId: role.key }, select: { details: true } });
    expect(event.details).toMatchObject({ added: ["audit:verify"], removed: ["audit:export"] });
    await expect(deleteRole(db, owner.actor, acme, role.key)).rejects.toMatchObject({ code: "CONFLICT" });
    await changeMemberRole(db, owner, lee, "member");
    await deleteRole(db, owner.actor, acme, role.key);
    expect(await db.role.count({ where: { id: role.key } })).toBe(0);
  });

  it("apply conditions: an MFA-only role does not apply to a session without MFA", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const role = await createRole(db, owner.actor, acme, owner.permissions, {
      name: "Secure exporter",
      description: "",
      permissions: ["audit:export"],
      conditions: [{ type: "mfa" }],
    });
    await changeMemberRole(db, owner, lee, role.id);
    const access = (await loadOrgAccess(db, lee, acme))!;
    expect(decideFor(access, "audit:export", { mfa: false }).reason).toBe(
      `role "Secure exporter" grants audit:export but requires multi-factor authentication for this session`,
    );
    expect(decideFor(access, "audit:export", { mfa: true }).allowed).toBe(true);
  });
});
