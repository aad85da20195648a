import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { ENTERPRISE, newUser, patch, scimClient, scimToken, type ScimReply, verifiedDomain } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
await verifiedDomain(api.db, acme, "acme.example");
const globex = api.demo.organizations["globex"]!;
const token = await scimToken(api.db, acme);
const scim = scimClient(api.url, token.token);

const expectError = (reply: ScimReply, status: number, scimType?: string) => {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(reply.body).toEqual({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: expect.any(String),
  });
};

describe("SCIM authentication and errors", () => {
  it("refuses a missing or unknown token with a SCIM 401", async () => {
    const none = await fetch(`${api.url}/scim/v2/Users`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="SCIM"');
    expect(await none.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    expectError(await scimClient(api.url, "atrium_scim_nope_nope")("GET", "/Users"), 401);
  });

  it("answers malformed JSON with invalidSyntax, unknown endpoints with 404, oversized bodies with 413", async () => {
    expectError(await scim("POST", "/Users", "{not json"), 400, "invalidSyntax");
    expectError(await scim("GET", "/Nope"), 404);
    expectError(await scim("POST", "/Users", JSON.stringify({ userName: "x".repeat(1024 * 1024 + 10) })), 413);
    expectError(await scim("GET", "/Me"), 501);
  });

  it("refuses a plan without SCIM with 403", async () => {
    const soylent = api.demo.organizations["soylent"]!;
    const t = await scimToken(api.db, soylent);
    expectError(await scimClient(api.url, t.token)("GET", "/Users"), 403);
  });
});

describe("SCIM discovery", () => {
  it("tells the truth about what is supported", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
    });
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    expect(types.body.Resources[0].schemaExtensions).toEqual([{ schema: ENTERPRISE, required: false }]);
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      ENTERPRISE,
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
    const user = await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    expect(user.body.attributes.find((a: { name: string }) => a.name === "userName")).toMatchObject({ required: true, uniqueness: "server", caseExact: false });
  });
});

describe("SCIM Users", () => {
  it("runs Entra's create flow: filter by userName first, then POST; 409 uniqueness on a repeat", async () => {
    const before = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`);
    expect(before.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim("POST", "/Users", newUser("ada@acme.example", { externalId: "ext-ada", [ENTERPRISE]: { department: "Engineering", costCenter: "CC-1", manager: { value: "boss-1" } } }));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${created.body.meta.location}`);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({ userName: "ada@acme.example", active: true, externalId: "ext-ada", meta: { resourceType: "User" } });
    const after = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ADA@acme.example"')}`);
    expect(after.body.totalResults).toBe(1);
    expectError(await scim("POST", "/Users", newUser("Ada@Acme.example")), 409, "uniqueness");
  });

  it("maps the Enterprise extension into the membership's directory attributes", async () => {
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "ada@acme.example" }, select: { id: true } });
    const membership = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId: user.id } }, select: { attributes: true, role: true, status: true } });
    expect(membership).toEqual({ attributes: { department: "Engineering", costCenter: "CC-1", manager: "boss-1" }, role: "member", status: "active" });
  });

  it("audits with actor scim:<token prefix>", async () => {
    const event = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "scim.user_create" }, select: { actorType: true, actorLabel: true } });
    expect(event).toEqual({ actorType: "scim", actorLabel: `scim:${token.prefix}` });
  });

  it("filters with every operator, logic, grouping, value paths and case rules", async () => {
    for (const [name, dept, ext] of [
      ["bob@acme.example", "Sales", "EXT-B"],
      ["cy@acme.example", "Engineering", "ext-c"],
    ] as const) {
      const r = await scim("POST", "/Users", newUser(name, { externalId: ext, title: `${dept} lead`, [ENTERPRISE]: { department: dept } }));
      expect(r.status).toBe(201);
    }
    const ids = async (filter: string) => {
      const r = await scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
      expect(r.status).toBe(200);
      return r.body.Resources.map((u: { userName: string }) => u.userName).sort();
    };
    expect(await ids('userName eq "BOB@acme.example"')).toEqual(["bob@acme.example"]);
    expect(await ids('userName ne "bob@acme.example"')).toEqual(["ada@acme.example", "cy@acme.example"]);
    expect(await ids('userName co "Y@"')).toEqual(["cy@acme.example"]);
    expect(await ids('userName sw "a"')).toEqual(["ada@acme.example"]);
    expect(await ids('userName ew "acme.example"')).toHaveLength(3);
    expect(await ids("externalId pr")).toHaveLength(3);
    expect(await ids('userName gt "b"')).toEqual(["bob@acme.example", "cy@acme.example"]);
    expect(await ids('userName ge "bob@acme.example"')).toEqual(["bob@acme.example", "cy@acme.example"]);
    expect(await ids('userName lt "b"')).toEqual(["ada@acme.example"]);
    expect(await ids('userName le "bob@acme.example"')).toEqual(["ada@acme.example", "bob@acme.example"]);
    // externalId is caseExact; userName is not.
    expect(await ids('externalId eq "ext-b"')).toEqual([]);
    expect(await ids('externalId eq "EXT-B"')).toEqual(["bob@acme.example"]);
    expect(await ids(`${ENTERPRISE}:department eq "engineering" and not (userName sw "ada")`)).toEqual(["cy@acme.example"]);
    expect(await ids('(title co "sales" or title co "engineering") and active eq true')).toEqual(["bob@acme.example", "cy@acme.example"]);
    expect(await ids('emails[type eq "work" and value co "bob"]')).toEqual(["bob@acme.example"]);
    expect(await ids('emails.value ew "@acme.example" and name.familyName eq "tester"')).toHaveLength(3);
    expect(await ids(`meta.lastModified gt "2000-01-01T00:00:00Z"`)).toHaveLength(3);
    for (const bad of ['userName eq', 'userName zz "a"', "(userName pr", 'userName eq "unterminated', "active co true", "emails[type eq]"]) {
      expectError(await scim("GET", `/Users?filter=${encodeURIComponent(bad)}`), 400, "invalidFilter");
    }
  });

  it("pages with startIndex/count and a correct totalResults (Okta's startIndex=1&count=100 included)", async () => {
    const all = await scim("GET", "/Users?startIndex=1&count=100");
    expect(all.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    const page = await scim("GET", "/Users?startIndex=2&count=1");
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources[0].id).toBe(all.body.Resources[1].id);
    const none = await scim("GET", "/Users?count=0");
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expectError(await scim("GET", "/Users?count=abc"), 400, "invalidValue");
  });

  it("projects attributes and excludedAttributes", async () => {
    const only = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}&attributes=userName,name.givenName,${ENTERPRISE}:department`);
    expect(only.body.Resources[0]).toEqual({
      schemas: expect.any(Array),
      id: expect.any(String),
      userName: "ada@acme.example",
      name: { givenName: "ada" },
      [ENTERPRISE]: { department: "Engineering" },
    });
    const without = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}&excludedAttributes=emails,groups,meta`);
    expect(Object.keys(without.body.Resources[0]).sort()).toEqual(["active", "externalId", "id", "name", "schemas", "userName", ENTERPRISE].sort());
  });

  it("replaces with PUT (Okta) and keeps ETags honest with If-Match", async () => {
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@acme.example"')}`);
    const bob = found.body.Resources[0];
    const put = await scim("PUT", `/Users/${bob.id}`, { ...newUser("bob@acme.example"), id: bob.id, title: "VP Sales", [ENTERPRISE]: { department: "Sales EMEA" } }, { "if-match": bob.meta.version });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ title: "VP Sales", [ENTERPRISE]: { department: "Sales EMEA" } });
    expect(put.body.externalId).toBeUndefined();
    expect(put.body.meta.version).not.toBe(bob.meta.version);
    expectError(await scim("PUT", `/Users/${bob.id}`, newUser("bob@acme.example"), { "if-match": bob.meta.version }), 412);
    expectError(await scim("PATCH", `/Users/${bob.id}`, patch({ op: "replace", path: "title", value: "x" }), { "if-match": 'W/"0"' }), 412);
    const got = await scim("GET", `/Users/${bob.id}`);
    expect(got.headers.get("etag")).toBe(put.body.meta.version);
  });

  it("applies PATCH add/replace/remove with and without path, filtered paths and Entra's quirks", async () => {
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "cy@acme.example"')}`);
    const id = found.body.Resources[0].id;
    const r = await scim(
      "PATCH",
      `/Users/${id}`,
      patch(
        { op: "Replace", path: "name.givenName", value: "Cyrus" },
        { op: "Add", path: "phoneNumbers", value: [{ value: "+1 555 0100", type: "work" }] },
        { op: "replace", path: 'emails[type eq "work"].value', value: "cy@acme.example" },
        { op: "replace", path: 'emails[type eq "home"].value', value: "cy@home.example" },
        { op: "replace", path: `${ENTERPRISE}:department`, value: "Platform" },
        { op: "add", value: { displayName: "Cy", "name.familyName": "Young", [`${ENTERPRISE}:costCenter`]: "CC-9" } },
        { op: "remove", path: "title" },
        { op: "replace", path: "active", value: "True" },
      ),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: { givenName: "Cyrus", familyName: "Young" },
      displayName: "Cy",
      phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
      emails: [
        { value: "cy@acme.example", type: "work", primary: true },
        { value: "cy@home.example", type: "home" },
      ],
      [ENTERPRISE]: { department: "Platform", costCenter: "CC-9" },
      active: true,
    });
    expect(r.body.title).toBeUndefined();
    const removeHome = await scim("PATCH", `/Users/${id}`, patch({ op: "remove", path: 'emails[type eq "home"]' }));
    expect(removeHome.body.emails).toEqual([{ value: "cy@acme.example", type: "work", primary: true }]);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "cy@acme.example" }, select: { id: true, name: true } });
    const m = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId: user.id } }, select: { attributes: true } });
    expect(m.attributes).toEqual({ department: "Platform", costCenter: "CC-9" });
    expect(user.name).toBe("Cy");
  });

  it("deactivates with active given as the string \"False\" and reactivates with the mapped role", async () => {
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "cy@acme.example"')}`);
    const id = found.body.Resources[0].id;
    const off = await scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.body.active).toBe(false);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "cy@acme.example" }, select: { id: true } });
    const status = () => api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId: user.id } }, select: { status: true, role: true } });
    expect(await status()).toEqual({ status: "deactivated", role: "member" });
    const on = await scim("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: true } }));
    expect(on.body.active).toBe(true);
    expect(await status()).toEqual({ status: "active", role: "member" });
  });

  it("refuses bad PATCH operations with the RFC's scimType", async () => {
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "cy@acme.example"')}`);
    const id = found.body.Resources[0].id;
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "remove" })), 400, "noTarget");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "nope", value: 1 })), 400, "invalidPath");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: 'emails[type eq "work"', value: 1 })), 400, "invalidPath");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "id", value: "x" })), 400, "mutability");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "groups", value: [] })), 400, "mutability");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "jump", path: "title", value: "x" })), 400, "invalidSyntax");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: "maybe" })), 400, "invalidValue");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "remove", path: "userName" })), 400, "invalidValue");
    expectError(await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: 'phoneNumbers[value co "x"].value', value: "1" })), 400, "noTarget");
    expectError(await scim("PATCH", `/Users/${id}`, { Operations: "no" }), 400, "invalidSyntax");
    expectError(await scim("PATCH", "/Users/not-a-uuid", patch({ op: "replace", path: "title", value: "x" })), 404);
  });

  it("deletes the membership but keeps an account that belongs elsewhere", async () => {
    // lee.chen is already an Acme member; SCIM adopts the membership.
    const linked = await scim("POST", "/Users", newUser("lee.chen@acme.example"));
    expect(linked.status).toBe(201);
    const lee = await api.db.user.findUniqueOrThrow({ where: { email: "lee.chen@acme.example" }, select: { id: true } });
    await api.db.membership.create({ data: { organizationId: globex, userId: lee.id, role: "member" } });
    expect((await scim("DELETE", `/Users/${linked.body.id}`)).status).toBe(204);
    expectError(await scim("GET", `/Users/${linked.body.id}`), 404);
    expect(await api.db.membership.findUnique({ where: { organizationId_userId: { organizationId: acme, userId: lee.id } } })).toBeNull();
    expect(await api.db.user.findUniqueOrThrow({ where: { id: lee.id }, select: { status: true } })).toEqual({ status: "active" });
  });

  it("keeps tenants apart: another organization's token neither sees nor changes these users", async () => {
    const other = scimClient(api.url, (await scimToken(api.db, globex)).token);
    const ada = (await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`)).body.Resources[0];
    expect((await other("GET", "/Users")).body.totalResults).toBe(0);
    expect((await other("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`)).body.totalResults).toBe(0);
    expectError(await other("GET", `/Users/${ada.id}`), 404);
    expectError(await other("PATCH", `/Users/${ada.id}`, patch({ op: "replace", path: "active", value: false })), 404);
    expectError(await other("PUT", `/Users/${ada.id}`, newUser("ada@acme.example")), 404);
    expectError(await other("DELETE", `/Users/${ada.id}`), 404);
    expect((await scim("GET", `/Users/${ada.id}`)).body.active).toBe(true);
  });

  it("logs each request with a redacted body excerpt", async () => {
    await scim("POST", "/Users", newUser("pw@acme.example", { password: "hunter2-secret" }));
    // The log row is written once the response has gone out: wait for it.
    let row: { bodyExcerpt: string | null; tokenPrefix: string | null } | null = null;
    while (!row) {
      row = await api.db.scimRequest.findFirst({ where: { organizationId: acme, method: "POST", path: "/Users", bodyExcerpt: { contains: "pw@acme.example" } }, select: { bodyExcerpt: true, tokenPrefix: true } });
      if (!row) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(row?.tokenPrefix).toBe(token.prefix);
    expect(row?.bodyExcerpt).toContain('"password":"[redacted]"');
    expect(row?.bodyExcerpt).not.toContain("hunter2");
    const failed = await api.db.scimRequest.findFirst({ where: { organizationId: acme, status: 409 }, select: { scimType: true } });
    expect(failed?.scimType).toBe("uniqueness");
  });
});

describe("SCIM demo data", () => {
  it("lets anyone running Atrium locally use Acme's development token", async () => {
    const demo = scimClient(api.url, "atrium_scim_demo_acme");
    const r = await demo("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`);
    expect(r.status).toBe(200);
    expect(r.body.totalResults).toBe(1);
  });
});
