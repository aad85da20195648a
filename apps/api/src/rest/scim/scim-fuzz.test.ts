import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { newUser, patch, scimFor } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const scim = await scimFor(api, acme, "acme.example");
const other = await scimFor(api, globex);

// Globex's provisioned data, which nothing Acme's token sends may change.
const victim = await other("POST", "/Users", newUser("victim@globex.example"));
const victimGroup = await other("POST", "/Groups", { displayName: "Globex staff", members: [{ value: victim.body.id }] });
const snapshot = async () => ({
  users: await api.db.scimUser.findMany({ where: { organizationId: globex }, orderBy: { id: "asc" } }),
  memberships: await api.db.membership.findMany({ where: { organizationId: globex }, orderBy: { id: "asc" }, select: { userId: true, role: true, status: true, attributes: true } }),
  groups: await api.db.group.findMany({ where: { organizationId: globex }, orderBy: { id: "asc" }, select: { id: true, name: true, members: { select: { userId: true } } } }),
});
const before = await snapshot();
const target = await scim("POST", "/Users", newUser("target@acme.example"));
const group = await scim("POST", "/Groups", { displayName: "Fuzzed", members: [{ value: target.body.id }] });

const pieces = fc.constantFrom(
  "userName", "emails", "emails.value", "members", "members.value", "displayName", "active", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
  "eq", "ne", "co", "sw", "ew", "gt", "pr", "and", "or", "not", "(", ")", "[", "]", '"a"', "true", "null", "7", victim.body.id, victimGroup.body.id, "'", "\\", "%", "é",
);
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.array(pieces, { maxLength: 12 }).map((p) => p.join(" ")));
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant([{ value: victim.body.id }]),
  fc.constant({ value: victim.body.id }),
  fc.constant("False"),
);

describe("SCIM under garbage input", () => {
  it("never answers 500 to filters, and only ever lists the token's organization", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom("/Users", "/Groups"), async (filter, collection) => {
        const r = await scim("GET", `${collection}?filter=${encodeURIComponent(filter)}&startIndex=${encodeURIComponent(filter.slice(0, 3))}`);
        expect(r.status).toBeLessThan(500);
        if (r.status === 200) expect(JSON.stringify(r.body)).not.toContain(victim.body.id);
      }),
      { numRuns: 150 },
    );
  });

  it("never answers 500 to PATCH, PUT, POST and Bulk garbage, and never changes another organization's data", async () => {
    const op = fc.record({ op: fc.oneof(fc.constantFrom("add", "replace", "remove", "Replace"), fc.string({ maxLength: 8 })), path: fc.option(text, { nil: undefined }), value }, { requiredKeys: ["op"] });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/Users/${target.body.id}`, `/Groups/${group.body.id}`, `/Users/${victim.body.id}`, `/Groups/${victimGroup.body.id}`),
        fc.array(op, { maxLength: 4 }),
        fc.jsonValue({ maxDepth: 3 }),
        async (path, operations, body) => {
          const statuses = [
            (await scim("PATCH", path, patch(...operations))).status,
            (await scim("PATCH", path, body)).status,
            (await scim("PUT", path, body)).status,
            (await scim("POST", path.startsWith("/Users") ? "/Users" : "/Groups", body)).status,
            (await scim("POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [{ method: "PATCH", path, data: patch(...operations) }] })).status,
          ];
          for (const s of statuses) expect(s).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
    expect(await snapshot()).toEqual(before);
  });
});
