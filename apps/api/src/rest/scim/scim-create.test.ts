/**
 * What one SCIM creation writes and answers (over real HTTP): the answer is
 * the record a later GET shows, ETag included, linked or not; the
 * connection's statistics count it once; its audit events (linking's, then
 * the creation) are in the organization's log; the token's last use is kept;
 * `userName eq` finds it in any case.
 */
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { newUser, scimClient, scimToken, verifiedDomain } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
await verifiedDomain(api.db, acme, "acme.example");
const token = await scimToken(api.db, acme);
const scim = scimClient(api.url, token.token);

const usersCreated = async () =>
  (await api.db.scimConnection.findUniqueOrThrow({ where: { organizationId: acme }, select: { usersCreated: true } })).usersCreated;

const auditOf = (scimId: string) =>
  api.db.auditEvent.findMany({
    where: { organizationId: acme, details: { path: ["scimId"], equals: scimId } },
    orderBy: { seq: "asc" },
    select: { action: true, actorLabel: true, resourceType: true },
  });

describe("SCIM POST /Users", () => {
  it("answers a linked record exactly as a later GET shows it, ETag included", async () => {
    const created = await scim("POST", "/Users", newUser("grace@acme.example", { externalId: "ext-grace" }));
    expect(created.status).toBe(201);
    const read = await scim("GET", `/Users/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(created.body).toEqual(read.body);
    expect(created.headers.get("etag")).toBe(read.headers.get("etag"));
    expect(await api.db.scimUser.findUniqueOrThrow({ where: { id: created.body.id }, select: { userId: true } })).toEqual({ userId: expect.any(String) });
  });

  it("answers an unlinked record exactly as a later GET shows it, ETag included", async () => {
    const created = await scim("POST", "/Users", newUser("lin@contractor.example"));
    expect(created.status).toBe(201);
    const read = await scim("GET", `/Users/${created.body.id}`);
    expect(created.body).toEqual(read.body);
    expect(created.headers.get("etag")).toBe(read.headers.get("etag"));
  });

  it("counts each creation once in the connection's statistics, and none for a refused repeat", async () => {
    const before = await usersCreated();
    expect((await scim("POST", "/Users", newUser("hopper@acme.example"))).status).toBe(201);
    expect(await usersCreated()).toBe(before + 1);
    expect((await scim("POST", "/Users", newUser("HOPPER@acme.example"))).status).toBe(409);
    expect(await usersCreated()).toBe(before + 1);
  });

  it("audits linking's issue, then the creation, with the token as actor", async () => {
    const created = await scim("POST", "/Users", newUser("kay@elsewhere.example"));
    expect(await auditOf(created.body.id)).toEqual([
      { action: "scim.user_link_issue", actorLabel: `scim:${token.prefix}`, resourceType: "scim_user" },
      { action: "scim.user_create", actorLabel: `scim:${token.prefix}`, resourceType: "scim_user" },
    ]);
    const linked = await scim("POST", "/Users", newUser("turing@acme.example"));
    expect(await auditOf(linked.body.id)).toEqual([{ action: "scim.user_create", actorLabel: `scim:${token.prefix}`, resourceType: "user" }]);
  });

  it("finds a record by userName eq in any case, and by externalId exactly", async () => {
    const byName = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "GRACE@ACME.EXAMPLE"')}`);
    expect(byName.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["grace@acme.example"]);
    const byExternal = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq "ext-grace"')}`);
    expect(byExternal.body.totalResults).toBe(1);
    const wrongCase = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq "EXT-GRACE"')}`);
    expect(wrongCase.body.totalResults).toBe(0);
  });

  it("answers a lookup by userName with the records exactly as GET shows them, and another organization's token finds none", async () => {
    const grace = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "Grace@Acme.example"')}`);
    expect(grace.body.totalResults).toBe(1);
    const read = await scim("GET", `/Users/${grace.body.Resources[0].id}`);
    expect(grace.body.Resources).toEqual([read.body]);
    const globex = scimClient(api.url, (await scimToken(api.db, api.demo.organizations["globex"]!)).token);
    const elsewhere = await globex("GET", `/Users?filter=${encodeURIComponent('userName eq "grace@acme.example"')}`);
    expect(elsewhere.body).toMatchObject({ totalResults: 0, Resources: [] });
    const none = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "nobody@acme.example"')}&count=5`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it("records the token's last use", async () => {
    const row = await api.db.scimToken.findUniqueOrThrow({ where: { id: token.id }, select: { lastUsedAt: true, lastUsedIp: true } });
    expect(row).toEqual({ lastUsedAt: expect.any(Date), lastUsedIp: "127.0.0.1" });
  });
});
