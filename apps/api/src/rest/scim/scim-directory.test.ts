/**
 * SCIM users as directory records (over real HTTP): addresses are not unique,
 * linking to an account is a separate step whose conflicts the admin resolves
 * through the admin procedures, Entra's bare-string manager, and a
 * re-provisioned user taking the directory's new name.
 */
import { reconcileOrganization } from "@atrium/core/scim";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";
import { ENTERPRISE, newUser, patch, scimFor, type ScimReply } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const scim = await scimFor(api, acme, "acme.example");
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");

const expectError = (reply: ScimReply, status: number, scimType: string) => {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(reply.body).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), scimType, detail: expect.any(String) });
};

const account = (email: string) => api.db.user.findUnique({ where: { email }, select: { id: true, name: true } });
async function membership(email: string) {
  const user = await account(email);
  if (!user) return null;
  return api.db.membership.findUnique({ where: { organizationId_userId: { organizationId: acme, userId: user.id } }, select: { status: true, role: true, attributes: true } });
}
const record = (id: string) => api.db.scimUser.findUniqueOrThrow({ where: { id }, select: { userId: true, linkIssue: true, linkAddress: true } });
const unlinked = () => owner.trpc.scim.users.query({ orgId: acme, link: "unlinked" });

describe("SCIM users are directory records: e-mail addresses are not unique", () => {
  const ids: Record<string, string> = {};

  it("creates two users sharing an e-mail (201 each, distinct ids, kept as sent); the first links, the second is recorded as account_taken", async () => {
    const a = await scim("POST", "/Users", newUser("jane.doe@acme.example", { externalId: "jd-1" }));
    const b = await scim("POST", "/Users", newUser("jdoe-contractor", { externalId: "jd-2", emails: [{ value: "jane.doe@acme.example", type: "work", primary: true }] }));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body).toMatchObject({ userName: "jdoe-contractor", active: true, emails: [{ value: "jane.doe@acme.example", type: "work", primary: true }] });
    ids["jane"] = a.body.id;
    ids["contractor"] = b.body.id;
    const jane = await account("jane.doe@acme.example");
    expect(await record(a.body.id)).toEqual({ userId: jane!.id, linkIssue: null, linkAddress: null });
    expect(await record(b.body.id)).toEqual({ userId: null, linkIssue: "account_taken", linkAddress: "jane.doe@acme.example" });
    const issue = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "scim.user_link_issue", resourceId: b.body.id }, select: { actorType: true, details: true } });
    expect(issue).toMatchObject({ actorType: "scim", details: { scimId: b.body.id, issue: "account_taken" } });
  });

  it("accepts the same e-mail through POST, PUT and PATCH alike; the account stays linked to one record", async () => {
    const put = await scim("PUT", `/Users/${ids["contractor"]}`, newUser("jdoe-contractor", { externalId: "jd-2", emails: [{ value: "jane.doe@acme.example", primary: true }, { value: "JANE.DOE@acme.example", type: "home" }] }));
    expect(put.status).toBe(200);
    expect(put.body.emails).toEqual([{ value: "jane.doe@acme.example", primary: true }, { value: "JANE.DOE@acme.example", type: "home" }]);
    const patched = await scim("PATCH", `/Users/${ids["jane"]}`, patch({ op: "add", path: "emails", value: [{ value: "jane.doe@acme.example", type: "other" }] }));
    expect(patched.status).toBe(200);
    const third = await scim("POST", "/Users", newUser("jane.third", { emails: [{ value: "Jane.Doe@ACME.example", primary: true }] }));
    expect(third.status).toBe(201);
    ids["third"] = third.body.id;
    const jane = await account("jane.doe@acme.example");
    expect(await api.db.scimUser.findMany({ where: { organizationId: acme, userId: jane!.id }, select: { id: true } })).toEqual([{ id: ids["jane"] }]);
  });

  it("still refuses a repeated userName (in any case) and a repeated externalId with 409 uniqueness", async () => {
    expectError(await scim("POST", "/Users", newUser("JANE.DOE@acme.example")), 409, "uniqueness");
    expectError(await scim("POST", "/Users", newUser("someone.else@acme.example", { externalId: "jd-1" })), 409, "uniqueness");
    expectError(await scim("PATCH", `/Users/${ids["contractor"]}`, patch({ op: "replace", path: "userName", value: "Jane.Doe@acme.example" })), 409, "uniqueness");
    expectError(await scim("PATCH", `/Users/${ids["contractor"]}`, patch({ op: "replace", path: "externalId", value: "jd-1" })), 409, "uniqueness");
    expect(await account("someone.else@acme.example")).toBeNull();
  });

  it("links by the second e-mail when the primary one is not an address", async () => {
    const r = await scim("POST", "/Users", newUser("emp-4711", { displayName: "Omar Sy", emails: [{ value: "not an address", type: "work", primary: true }, { value: "omar.sy@acme.example", type: "other" }] }));
    expect(r.status).toBe(201);
    expect(r.body.emails).toEqual([{ value: "not an address", type: "work", primary: true }, { value: "omar.sy@acme.example", type: "other" }]);
    const omar = await account("omar.sy@acme.example");
    expect(omar).toEqual({ id: expect.any(String), name: "Omar Sy" });
    expect(await record(r.body.id)).toEqual({ userId: omar!.id, linkIssue: null, linkAddress: null });
    expect(await membership("omar.sy@acme.example")).toMatchObject({ status: "active", role: "member" });
  });

  it("keeps a record without an address, or outside the verified domains, unlinked and creates no account", async () => {
    const none = await scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "badge-0042", name: { givenName: "Nadia", familyName: "Nil" } });
    const outside = await scim("POST", "/Users", newUser("pat@contractor.example"));
    expect([none.status, outside.status]).toEqual([201, 201]);
    ids["badge"] = none.body.id;
    ids["pat"] = outside.body.id;
    expect(await record(none.body.id)).toEqual({ userId: null, linkIssue: "no_address", linkAddress: null });
    expect(await record(outside.body.id)).toEqual({ userId: null, linkIssue: "outside_verified_domains", linkAddress: "pat@contractor.example" });
    expect(await account("pat@contractor.example")).toBeNull();
    // Deprovisioning an unlinked record is accepted and touches no account.
    expect((await scim("PATCH", `/Users/${none.body.id}`, patch({ op: "replace", path: "active", value: "False" }))).body.active).toBe(false);
    expect((await scim("PATCH", `/Users/${none.body.id}`, patch({ op: "replace", path: "active", value: true }))).body.active).toBe(true);
  });

  it("shows the admin each unlinked record with its reason and the record that holds the account", async () => {
    const list = await unlinked();
    expect(list.unlinked).toBe(4);
    expect(list.rows.map((r) => [r.userName, r.account, r.linkIssue, r.linkAddress, r.conflictWith?.userName ?? null])).toEqual([
      ["badge-0042", null, "no_address", null, null],
      ["jane.third", null, "account_taken", "jane.doe@acme.example", "jane.doe@acme.example"],
      ["jdoe-contractor", null, "account_taken", "jane.doe@acme.example", "jane.doe@acme.example"],
      ["pat@contractor.example", null, "outside_verified_domains", "pat@contractor.example", null],
    ]);
    const all = await owner.trpc.scim.users.query({ orgId: acme, search: "omar" });
    expect(all.rows).toEqual([expect.objectContaining({ userName: "emp-4711", name: "Omar Sy", account: { id: expect.any(String), email: "omar.sy@acme.example", name: "Omar Sy" }, linkIssue: null })]);
  });

  it("lets the admin link a record to a chosen member (the directory then governs the membership) or leave it unlinked, audited", async () => {
    const lee = (await account("lee.chen@acme.example"))!;
    const jane = (await account("jane.doe@acme.example"))!;
    const outsider = (await account("it@globex.example"))!;
    expect((await callError(viewer.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: ids["pat"]!, userId: lee.id }))).status).toBe(403);
    expect((await callError(viewer.trpc.scim.leaveUnlinked.mutate({ orgId: acme, scimUserId: ids["pat"]! }))).status).toBe(403);
    expect((await callError(owner.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: ids["pat"]!, userId: outsider.id }))).status).toBe(404);
    expect((await callError(owner.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: ids["contractor"]!, userId: jane.id }))).status).toBe(409);
    expect((await callError(owner.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: ids["jane"]!, userId: lee.id }))).status).toBe(409);

    expect(await owner.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: ids["pat"]!, userId: lee.id })).toEqual({ linked: true });
    expect(await record(ids["pat"]!)).toEqual({ userId: lee.id, linkIssue: null, linkAddress: null });
    // Deprovisioning the linked record deactivates the membership within the request.
    expect((await scim("PATCH", `/Users/${ids["pat"]}`, patch({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect(await membership("lee.chen@acme.example")).toMatchObject({ status: "deactivated" });

    await owner.trpc.scim.leaveUnlinked.mutate({ orgId: acme, scimUserId: ids["contractor"]! });
    const after = await unlinked();
    expect(after.unlinked).toBe(2);
    expect(after.rows.find((r) => r.id === ids["contractor"])).toMatchObject({ leftUnlinked: true, linkIssue: "account_taken" });
    // Left unlinked on purpose: later updates from the IdP do not link it.
    await scim("PATCH", `/Users/${ids["contractor"]}`, patch({ op: "replace", path: "emails", value: [{ value: "free.address@acme.example", primary: true }] }));
    expect((await record(ids["contractor"]!)).userId).toBeNull();
    const audit = await api.db.auditEvent.findMany({
      where: { organizationId: acme, action: { in: ["scim.user_link", "scim.user_leave_unlinked"] } },
      select: { action: true, actorType: true, resourceId: true },
      orderBy: { seq: "asc" },
    });
    expect(audit).toEqual([
      { action: "scim.user_link", actorType: "user", resourceId: lee.id },
      { action: "scim.user_leave_unlinked", actorType: "user", resourceId: ids["contractor"] },
    ]);
  });

  it("answers concurrent creations sharing a new address with 201 each, and links exactly one", async () => {
    const replies = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => scim("POST", "/Users", newUser(`racer-${n}`, { emails: [{ value: "race@acme.example", primary: true }] }))),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const records = await api.db.scimUser.findMany({ where: { id: { in: replies.map((r) => r.body.id) } }, select: { userId: true, linkIssue: true } });
    const race = await account("race@acme.example");
    expect(records.filter((r) => r.userId === race!.id)).toHaveLength(1);
    expect(records.filter((r) => r.userId === null && r.linkIssue === "account_taken")).toHaveLength(4);
  });

  it("links a record once the directory sends a usable address", async () => {
    const r = await scim("PATCH", `/Users/${ids["badge"]}`, patch({ op: "add", path: "emails", value: [{ value: "nadia.nil@acme.example", type: "work" }] }));
    expect(r.status).toBe(200);
    expect(await record(ids["badge"]!)).toEqual({ userId: (await account("nadia.nil@acme.example"))!.id, linkIssue: null, linkAddress: null });
    expect(await membership("nadia.nil@acme.example")).toMatchObject({ status: "active" });
  });
});

describe("directory groups with unlinked records", () => {
  it("lists unlinked members, maps roles for linked ones only, and applies the groups when the admin links the record", async () => {
    const linked = await scim("POST", "/Users", newUser("gita@acme.example"));
    const loose = await scim("POST", "/Users", newUser("gita.alt", { displayName: "Gita Alt", emails: [{ value: "gita@elsewhere.example", primary: true }] }));
    const group = await scim("POST", "/Groups", { displayName: "Admins", members: [{ value: linked.body.id }, { value: loose.body.id }] });
    expect(group.status).toBe(201);
    expect(group.body.members.map((m: { value: string; display: string }) => [m.value, m.display])).toEqual([
      [linked.body.id, "gita Tester"],
      [loose.body.id, "Gita Alt"],
    ]);
    expect((await scim("GET", `/Users/${loose.body.id}`)).body.groups).toEqual([expect.objectContaining({ value: group.body.id, display: "Admins" })]);
    expect(await api.db.groupMember.count({ where: { groupId: group.body.id } })).toBe(1);
    await owner.trpc.scim.setGroupRole.mutate({ orgId: acme, groupId: group.body.id, target: { role: "admin" }, priority: 1 });
    expect(await membership("gita@acme.example")).toMatchObject({ role: "admin" });

    const auditor = (await account("auditor@acme.example"))!;
    expect(await membership("auditor@acme.example")).toMatchObject({ role: "viewer" });
    await owner.trpc.scim.linkUser.mutate({ orgId: acme, scimUserId: loose.body.id, userId: auditor.id });
    expect(await membership("auditor@acme.example")).toMatchObject({ role: "admin", status: "active" });
    expect(await api.db.groupMember.count({ where: { groupId: group.body.id } })).toBe(2);

    await scim("PATCH", `/Groups/${group.body.id}`, patch({ op: "remove", path: `members[value eq "${loose.body.id}"]` }));
    expect(await membership("auditor@acme.example")).toMatchObject({ role: "member" });
    expect(await api.db.groupMember.count({ where: { groupId: group.body.id } })).toBe(1);
  });
});

describe("reconciliation of directory groups", () => {
  it("repairs linked accounts' group memberships that drifted from the directory", async () => {
    const user = await scim("POST", "/Users", newUser("drift.group@acme.example"));
    const group = await scim("POST", "/Groups", { displayName: "Drifters", members: [{ value: user.body.id }] });
    const drifter = (await account("drift.group@acme.example"))!;
    const sam = (await account("sam.patel@acme.example"))!;
    // Behind SCIM's back: the linked account leaves the group, someone else joins it.
    await api.db.groupMember.delete({ where: { groupId_userId: { groupId: group.body.id, userId: drifter.id } } });
    await api.db.groupMember.create({ data: { groupId: group.body.id, userId: sam.id } });
    expect(await reconcileOrganization(api.db, acme)).toMatchObject({ statusFixed: 0 });
    expect(await api.db.groupMember.findMany({ where: { groupId: group.body.id }, select: { userId: true } })).toEqual([{ userId: drifter.id }]);
    const audit = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "scim.reconcile" }, orderBy: { seq: "desc" }, select: { details: true } });
    expect(audit?.details).toMatchObject({ groupMembershipsFixed: 2 });
  });
});

describe("Entra's manager as a bare string", () => {
  it("accepts Entra's PATCH Add of the Enterprise manager as a bare id, stored as { value }", async () => {
    const created = await scim("POST", "/Users", newUser("mia@acme.example", { [ENTERPRISE]: { department: "Ops", manager: { value: "boss-7" } } }));
    expect(created.status).toBe(201);
    const patched = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "Add", path: `${ENTERPRISE}:manager`, value: "boss-8" }));
    expect(patched.status).toBe(200);
    expect(patched.body[ENTERPRISE]).toEqual({ department: "Ops", manager: { value: "boss-8" } });
    expect((await membership("mia@acme.example"))!.attributes).toEqual({ department: "Ops", manager: "boss-8" });
  });

  it("reads a bare manager id as { value } in POST and PUT bodies too", async () => {
    const created = await scim("POST", "/Users", newUser("max@acme.example", { [ENTERPRISE]: { department: "Ops", manager: "boss-7" } }));
    expect(created.status).toBe(201);
    expect(created.body[ENTERPRISE]).toEqual({ department: "Ops", manager: { value: "boss-7" } });
    const put = await scim("PUT", `/Users/${created.body.id}`, newUser("max@acme.example", { [ENTERPRISE]: { manager: "boss-9" } }));
    expect(put.status).toBe(200);
    expect(put.body[ENTERPRISE]).toEqual({ manager: { value: "boss-9" } });
    expect((await membership("max@acme.example"))!.attributes).toEqual({ manager: "boss-9" });
  });
});

describe("re-provisioning a deleted user", () => {
  it("takes the directory's new name: the user, the members list and the group's members show it", async () => {
    const first = await scim("POST", "/Users", newUser("rhea@acme.example", { displayName: "Rhea Old" }));
    const group = await scim("POST", "/Groups", { displayName: "Research", members: [{ value: first.body.id }] });
    expect((await scim("DELETE", `/Users/${first.body.id}`)).status).toBe(204);
    const again = await scim("POST", "/Users", newUser("rhea@acme.example", { displayName: "Rhea New", name: { givenName: "Rhea", familyName: "New" } }));
    expect(again.status).toBe(201);
    expect((await scim("PATCH", `/Groups/${group.body.id}`, patch({ op: "add", path: "members", value: [{ value: again.body.id }] }))).status).toBe(200);
    expect((await scim("GET", `/Users/${again.body.id}`)).body).toMatchObject({ displayName: "Rhea New", name: { givenName: "Rhea", familyName: "New" } });
    expect((await scim("GET", `/Groups/${group.body.id}`)).body.members).toEqual([expect.objectContaining({ value: again.body.id, display: "Rhea New" })]);
    const members = await owner.trpc.members.list.query({ orgId: acme, q: "rhea" });
    expect(members.rows.map((m) => [m.email, m.name, m.status])).toEqual([["rhea@acme.example", "Rhea New", "active"]]);
  });
});
