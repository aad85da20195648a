/**
 * Each change point emits its event, in its transaction, with the contract's
 * data: every event about a person carries data.userId.
 */
import { describe, expect, it } from "vitest";
import { loadOrgAccess } from "../access/service.ts";
import { changeMemberRole, removeMember } from "../members/service.ts";
import { archiveOrganization } from "../organizations/manage.ts";
import { createChildOrganization } from "../organizations/service.ts";
import { createConnection, setConnectionStatus } from "../sso/connections.ts";
import { changerFor } from "../testing.ts";
import { listEvents } from "./feed.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const user = (email: string) => demo.users[email]!;

/** Runs a change and returns the events it added, as { organizationId, type, data }. */
async function eventsOf(change: () => Promise<unknown>) {
  let after: string | undefined;
  for (let page = await listEvents(db, { limit: 100 }); ; page = await listEvents(db, { after, limit: 100 })) {
    after = page.nextCursor ?? undefined;
    if (!page.hasMore) break;
  }
  await change();
  return (await listEvents(db, { after, limit: 100 })).data.map((e) => ({ organizationId: e.organizationId, type: e.type, data: e.data }));
}

describe("events at the change points", () => {
  it("a role change and a removal", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const lee = user("lee.chen@acme.example");
    expect(await eventsOf(() => changeMemberRole(db, owner, lee, "viewer"))).toEqual([
      { organizationId: acme, type: "membership.role_changed", data: { userId: lee, before: "member", after: "viewer" } },
    ]);
    // Giving the role it already has changes nothing and emits nothing.
    expect(await eventsOf(() => changeMemberRole(db, owner, lee, "viewer"))).toEqual([]);
    expect(await eventsOf(() => removeMember(db, owner, lee))).toEqual([{ organizationId: acme, type: "membership.removed", data: { userId: lee } }]);
  });

  it("a child organization created (with its creator as owner), then archived", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    let childId = "";
    const created = await eventsOf(async () => {
      childId = (await createChildOrganization(db, owner.actor, acme, { name: "Acme Labs", slug: "acme-labs-events" })).id;
    });
    expect(created).toEqual([
      { organizationId: childId, type: "organization.created", data: { name: "Acme Labs", parentId: acme } },
      { organizationId: childId, type: "membership.created", data: { userId: user("admin@acme.example"), role: "owner" } },
    ]);
    const access = (await loadOrgAccess(db, user("admin@acme.example"), childId))!;
    expect(await eventsOf(() => archiveOrganization(db, owner.actor, access))).toEqual([{ organizationId: childId, type: "organization.archived", data: {} }]);
  });

  it("an SSO connection taken live (once: again, or back to test, emits nothing)", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const connection = await createConnection(db, owner.actor, acme, {
      name: "Events OIDC", provider: "generic_oidc", protocol: "oidc",
      oidc: { issuer: "https://idp.example.com", authorizationUrl: "https://idp.example.com/auth", tokenUrl: "https://idp.example.com/token", jwksUrl: "https://idp.example.com/jwks", clientId: "atrium", clientSecret: "s3cret" },
    });
    expect(await eventsOf(() => setConnectionStatus(db, owner.actor, acme, connection.id, "live", { confirmName: connection.name }))).toEqual([
      { organizationId: acme, type: "sso_connection.activated", data: { connectionId: connection.id, protocol: "oidc" } },
    ]);
    expect(await eventsOf(() => setConnectionStatus(db, owner.actor, acme, connection.id, "live"))).toEqual([]);
    expect(await eventsOf(() => setConnectionStatus(db, owner.actor, acme, connection.id, "test"))).toEqual([]);
  });
});
