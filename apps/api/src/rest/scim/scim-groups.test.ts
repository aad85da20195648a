import { describe, expect, it } from "vitest";
import { setScimGroupRole } from "@atrium/core/scim";
import { systemActor } from "@atrium/core/actor";
import { startTestApi } from "../../testing.ts";
import { newUser, patch, scimFor, type ScimReply } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const scim = await scimFor(api, acme, "acme.example");
const other = await scimFor(api, globex);
const noJobs = { send: async () => null };

const expectError = (reply: ScimReply, status: number, scimType?: string) => {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });
};

const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

/** Provisions users through /Bulk (one request) and returns their SCIM ids. */
async function provision(prefix: string, n: number): Promise<string[]> {
  const r = await scim("POST", "/Bulk", {
    schemas: [BULK],
    Operations: Array.from({ length: n }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `${prefix}${i}`, data: newUser(`${prefix}${i}@acme.example`) })),
  });
  expect(r.status).toBe(200);
  return r.body.Operations.map((o: { status: string; location: string }) => {
    expect(o.status).toBe("201");
    return o.location.split("/").at(-1)!;
  });
}

const membersOf = async (id: string) => ((await scim("GET", `/Groups/${id}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
const roleOf = async (email: string) => {
  const user = await api.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return (await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId: user.id } }, select: { role: true } })).role;
};

describe("SCIM Bulk", () => {
  it("creates users and a group referring to them by bulkId", async () => {
    const r = await scim("POST", "/Bulk", {
      schemas: [BULK],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "u1", data: newUser("bulk1@acme.example") },
        { method: "POST", path: "/Groups", bulkId: "g1", data: { displayName: "Bulk group", members: [{ value: "bulkId:u1" }] } },
        { method: "PATCH", path: "/Users/bulkId:u1", data: patch({ op: "replace", path: "title", value: "Bulked" }) },
      ],
    });
    expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]);
    expect(r.body.Operations.map((o: { bulkId?: string; status: string }) => [o.bulkId ?? null, o.status])).toEqual([
      ["u1", "201"],
      ["g1", "201"],
      [null, "200"],
    ]);
    const groupId = r.body.Operations[1].location.split("/").at(-1);
    const userId = r.body.Operations[0].location.split("/").at(-1);
    expect(await membersOf(groupId)).toEqual([userId]);
    expect((await scim("GET", `/Users/${userId}`)).body.title).toBe("Bulked");
  });

  it("stops after failOnErrors errors and reports each failure in the SCIM error format", async () => {
    const r = await scim("POST", "/Bulk", {
      schemas: [BULK],
      failOnErrors: 1,
      Operations: [
        { method: "POST", path: "/Users", bulkId: "dup", data: newUser("bulk1@acme.example") },
        { method: "POST", path: "/Users", bulkId: "never", data: newUser("never@acme.example") },
      ],
    });
    expect(r.body.Operations).toEqual([
      { method: "POST", bulkId: "dup", status: "409", response: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: expect.any(String) } },
    ]);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "never@acme.example"')}`)).body.totalResults).toBe(0);
    const unresolved = await scim("POST", "/Bulk", { schemas: [BULK], Operations: [{ method: "PATCH", path: "/Users/bulkId:nope", data: patch({ op: "remove", path: "title" }) }] });
    expect(unresolved.body.Operations[0].status).toBe("409");
  });

  it("refuses more than maxOperations with 413", async () => {
    const r = await scim("POST", "/Bulk", { schemas: [BULK], Operations: Array.from({ length: 1001 }, () => ({ method: "DELETE", path: "/Users/x" })) });
    expectError(r, 413);
  });
});

describe("SCIM Groups", () => {
  let ids: string[] = [];
  let groupId = "";

  it("creates a group with members, finds it by displayName, refuses a duplicate name", async () => {
    ids = await provision("g", 6);
    const r = await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Engineering", externalId: "okta-eng", members: ids.slice(0, 2).map((value) => ({ value })) });
    expect(r.status).toBe(201);
    expect(r.headers.get("etag")).toBe(r.body.meta.version);
    groupId = r.body.id;
    expect(r.body.members.map((m: { value: string }) => m.value).sort()).toEqual(ids.slice(0, 2).sort());
    const found = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}&excludedAttributes=members`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].members).toBeUndefined();
    expectError(await scim("POST", "/Groups", { displayName: "ENGINEERING" }), 409, "uniqueness");
    const user = await scim("GET", `/Users/${ids[0]}`);
    expect(user.body.groups).toEqual([{ value: groupId, $ref: expect.stringContaining(`/Groups/${groupId}`), display: "Engineering", type: "direct" }]);
  });

  it("adds members with PATCH, removes them Entra's way (value array) and by filter", async () => {
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "Add", path: "members", value: ids.slice(2).map((value) => ({ value })) }));
    expect(await membersOf(groupId)).toEqual([...ids].sort());
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "Remove", path: "members", value: [{ value: ids[0] }, { value: ids[1] }] }));
    expect(await membersOf(groupId)).toEqual(ids.slice(2).sort());
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "remove", path: `members[value eq "${ids[2]}"]` }));
    expect(await membersOf(groupId)).toEqual(ids.slice(3).sort());
    expectError(await scim("PATCH", `/Groups/${groupId}`, patch({ op: "add", path: "members", value: [{ value: "not-a-user" }] })), 400, "invalidValue");
  });

  it("replaces members the Okta way (PATCH replace and PUT) and renames with Entra's no-path replace", async () => {
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "replace", path: "members", value: [{ value: ids[0] }, { value: ids[5] }] }));
    expect(await membersOf(groupId)).toEqual([ids[0], ids[5]].sort());
    const put = await scim("PUT", `/Groups/${groupId}`, { displayName: "Engineering", members: [{ value: ids[1] }] });
    expect(put.status).toBe(200);
    expect(await membersOf(groupId)).toEqual([ids[1]]);
    const renamed = await scim("PATCH", `/Groups/${groupId}`, patch({ op: "Replace", value: { id: groupId, displayName: "Platform Engineering" } }));
    expect(renamed.body.displayName).toBe("Platform Engineering");
    expectError(await scim("PATCH", `/Groups/${groupId}`, patch({ op: "replace", path: "displayName", value: "x" }), { "if-match": 'W/"1"' }), 412);
  });

  it("gives members the role mapped to their group, and the default role once they leave it", async () => {
    await setScimGroupRole(api.db, systemActor("test"), noJobs, acme, groupId, { role: "admin", priority: 10 });
    expect(await roleOf("g1@acme.example")).toBe("admin");
    expect(await roleOf("g2@acme.example")).toBe("member");
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "add", path: "members", value: [{ value: ids[2] }] }));
    expect(await roleOf("g2@acme.example")).toBe("admin");
    await scim("PATCH", `/Groups/${groupId}`, patch({ op: "remove", path: "members", value: [{ value: ids[1] }] }));
    expect(await roleOf("g1@acme.example")).toBe("member");
  });

  it("adds many members in one set-based statement and queues their role recomputation", async () => {
    const many = await provision("many", 80);
    const r = await scim("PATCH", `/Groups/${groupId}`, patch({ op: "add", path: "members", value: many.map((value) => ({ value })) }));
    expect(r.status).toBe(200);
    expect((await membersOf(groupId)).length).toBe(81);
    const [job] = await api.db.$queryRaw<{ n: number }[]>`
      SELECT jsonb_array_length(data->'userIds') AS n FROM pgboss.job WHERE name = 'scim-sync' AND data->>'kind' = 'roles' ORDER BY created_on DESC LIMIT 1`;
    expect(job?.n).toBe(80);
  });

  it("keeps tenants apart: another organization's token cannot read, change or fill these groups", async () => {
    expectError(await other("GET", `/Groups/${groupId}`), 404);
    expectError(await other("PATCH", `/Groups/${groupId}`, patch({ op: "add", path: "members", value: [{ value: ids[0] }] })), 404);
    expectError(await other("DELETE", `/Groups/${groupId}`), 404);
    expect((await other("GET", "/Groups")).body.totalResults).toBe(0);
    const theirs = await other("POST", "/Groups", { displayName: "Globex group" });
    expectError(await other("PATCH", `/Groups/${theirs.body.id}`, patch({ op: "add", path: "members", value: [{ value: ids[0] }] })), 400, "invalidValue");
    expect(await api.db.groupMember.count({ where: { groupId: theirs.body.id } })).toBe(0);
  });

  it("deletes a group; its members keep their accounts", async () => {
    expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expectError(await scim("GET", `/Groups/${groupId}`), 404);
    expect((await scim("GET", `/Users/${ids[0]}`)).status).toBe(200);
  });

  it("deleting a group mapped to a role revokes its grants, queues its members' roles and audits both counts in its transaction", async () => {
    const group = await scim("POST", "/Groups", { displayName: "Release managers", members: ids.slice(0, 3).map((value) => ({ value })) });
    const id = group.body.id as string;
    await setScimGroupRole(api.db, systemActor("test"), noJobs, acme, id, { role: "admin", priority: 5 });
    await api.db.resourceGrant.create({
      data: { organizationId: acme, resourceType: "workspace", resourceId: crypto.randomUUID(), subjectType: "group", subjectId: id, permissions: ["workspaces:read"] },
    });
    const members = await api.db.groupMember.findMany({ where: { groupId: id }, select: { userId: true } });
    expect(members.length).toBe(3);
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect(await api.db.resourceGrant.count({ where: { subjectType: "group", subjectId: id } })).toBe(0);
    const [job] = await api.db.$queryRaw<{ ids: string[] }[]>`
      SELECT ARRAY(SELECT jsonb_array_elements_text(data->'userIds') ORDER BY 1) AS ids FROM pgboss.job
       WHERE name = 'scim-sync' AND data->>'kind' = 'roles' ORDER BY created_on DESC LIMIT 1`;
    expect(job?.ids).toEqual(members.map((m) => m.userId).sort());
    const audit = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "scim.group_delete", resourceId: id }, select: { status: true, details: true } });
    expect(audit).toEqual({ status: "success", details: { name: "Release managers", grantsRevoked: 1, members: 3 } });
  });
});
