import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const org = api.demo.organizations;
const acmeAdmin = await api.signedIn("admin@acme.example");
const acmeViewer = await api.signedIn("auditor@acme.example");

const statusOf = async (call: Promise<unknown>) => (await callError(call)).status;

describe("org procedures", () => {
  it("list the caller's organizations with roles", async () => {
    const mine = await acmeAdmin.trpc.org.list.query();
    expect(mine.map((o) => o.slug)).toEqual(["acme", "acme-emea", "acme-na", "acme-ca"]);
    expect(mine[0]!.createdAt).toBeInstanceOf(Date);
  });

  it("return the hierarchy beneath an organization", async () => {
    const tree = await acmeAdmin.trpc.org.hierarchy.query({ orgId: org["acme"]! });
    expect(tree.map((n) => [n.slug, n.depth])).toEqual([
      ["acme", 1],
      ["acme-emea", 2],
      ["acme-na", 2],
      ["acme-ca", 3],
    ]);
  });

  it("create a child and show it in the hierarchy", async () => {
    const child = await acmeAdmin.trpc.org.createChild.mutate({ orgId: org["acmeEmea"]!, name: "Acme France", slug: "Acme-FR" });
    expect(child).toMatchObject({ slug: "acme-fr", parentId: org["acmeEmea"], depth: 3, region: "eu" });
    const tree = await acmeAdmin.trpc.org.hierarchy.query({ orgId: org["acmeEmea"]! });
    expect(tree.map((n) => n.slug)).toEqual(["acme-emea", "acme-fr"]);
  });

  it("answer 409 for a taken slug and 400 for an invalid one", async () => {
    expect(await statusOf(acmeAdmin.trpc.org.createChild.mutate({ orgId: org["acme"]!, name: "Dup", slug: "acme-na" }))).toBe(409);
    expect(await statusOf(acmeAdmin.trpc.org.createChild.mutate({ orgId: org["acme"]!, name: "Bad", slug: "-bad slug-" }))).toBe(400);
  });

  it("answer 403 and audit the denial when the role lacks the permission", async () => {
    expect(await statusOf(acmeViewer.trpc.org.createChild.mutate({ orgId: org["acme"]!, name: "No", slug: "viewer-child" }))).toBe(403);
    const denied = await api.db.auditEvent.count({
      where: { organizationId: org["acme"]!, action: "access.denied", actorLabel: "auditor@acme.example" },
    });
    expect(denied).toBe(1);
  });
});

/**
 * The cross-tenant pattern every new org procedure copies: a member of one
 * tenant naming another tenant's organization gets NOT_FOUND, never data,
 * and nothing changes.
 */
describe("tenant isolation", () => {
  const globex = org["globex"]!;

  it("answers NOT_FOUND for every org procedure given another tenant's id", async () => {
    expect(await statusOf(acmeAdmin.trpc.org.get.query({ orgId: globex }))).toBe(404);
    expect(await statusOf(acmeAdmin.trpc.org.hierarchy.query({ orgId: globex }))).toBe(404);
    const before = await api.db.organization.count({ where: { parentId: globex } });
    expect(await statusOf(acmeAdmin.trpc.org.createChild.mutate({ orgId: globex, name: "Hijack", slug: "hijack" }))).toBe(404);
    expect(await api.db.organization.count({ where: { parentId: globex } })).toBe(before);
  });

  it("answers NOT_FOUND for a child organization the caller is not a member of", async () => {
    const viewerOfAcme = acmeViewer;
    expect(await statusOf(viewerOfAcme.trpc.org.get.query({ orgId: org["acmeCanada"]! }))).toBe(404);
  });

  it("answers NOT_FOUND for an id that does not exist, so ids reveal nothing", async () => {
    expect(await statusOf(acmeAdmin.trpc.org.get.query({ orgId: "00000000-0000-4000-8000-000000000000" }))).toBe(404);
  });
});

describe("customers (staff only)", () => {
  it("lists every customer with plan, region and people for a CSM", async () => {
    const csm = await api.signedIn("csm@atrium.example");
    const customers = await csm.trpc.staff.customers.list.query();
    expect(customers.map((c) => c.slug)).toEqual(["acme", "globex", "initech", "soylent", "tyrell", "umbrella-health"]);
    expect(customers.find((c) => c.slug === "umbrella-health")).toMatchObject({ plan: "enterprise", region: "us", organizationCount: 2, memberCount: 4 });
  });

  it("answers 403 to a tenant admin and audits the attempt", async () => {
    expect(await statusOf(acmeAdmin.trpc.staff.customers.list.query())).toBe(403);
    const denied = await api.db.auditEvent.count({
      where: { organizationId: null, action: "access.denied", actorLabel: "admin@acme.example", resourceType: "platform", resourceId: "staff.customers.list" },
    });
    expect(denied).toBe(1);
  });
});
