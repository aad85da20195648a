import { describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { authorize, loadOrgAccess } from "./service.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const globex = demo.organizations["globex"]!;
const viewerId = demo.users["auditor@acme.example"]!;
const viewer: Actor = { type: "user", userId: viewerId, email: "auditor@acme.example" };

describe("organization access", () => {
  it("is null for another tenant's organization, for an unknown id and for a parent org's child without membership", async () => {
    expect(await loadOrgAccess(db, viewerId, globex)).toBeNull();
    expect(await loadOrgAccess(db, viewerId, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await loadOrgAccess(db, viewerId, demo.organizations["acmeCanada"]!)).toBeNull();
  });

  it("carries the caller's role and the organization's ancestors", async () => {
    const access = await loadOrgAccess(db, demo.users["admin@acme.example"]!, demo.organizations["acmeCanada"]!);
    expect(access?.role).toEqual({ key: "owner", name: "owner", custom: false });
    expect(access?.organization.ancestorIds).toEqual([demo.organizations["acmeNorthAmerica"], acme]);
  });

  it("audits a denial with its reason and throws FORBIDDEN", async () => {
    const access = (await loadOrgAccess(db, viewerId, acme))!;
    await expect(authorize(db, viewer, access, "org:create_child", { operation: "org.createChild" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const event = await db.auditEvent.findFirst({
      where: { organizationId: acme, action: "access.denied" },
      select: { status: true, actorId: true, resourceId: true, details: true },
    });
    expect(event).toEqual({
      status: "denied",
      actorId: viewerId,
      resourceId: "org:create_child",
      details: { operation: "org.createChild", reason: `role "viewer" in organization ${acme} does not grant org:create_child` },
    });
  });
});
