import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const org = api.demo.organizations;
const owner = await api.signedIn("admin@acme.example");
const acmeAdmin = await api.signedIn("sam.patel@acme.example"); // admin of Acme Corp only

describe("hierarchy administration", () => {
  it("moves a subtree within the customer and refuses a cycle", async () => {
    await owner.trpc.org.move.mutate({ orgId: org["acmeCanada"]!, newParentId: org["acmeEmea"]! });
    const emea = await owner.trpc.org.hierarchy.query({ orgId: org["acmeEmea"]! });
    expect(emea.map((n) => n.slug)).toEqual(["acme-emea", "acme-ca"]);
    expect((await callError(owner.trpc.org.move.mutate({ orgId: org["acmeEmea"]!, newParentId: org["acmeCanada"]! }))).message).toBe(
      "An organization cannot move beneath itself or its own children.",
    );
    await owner.trpc.org.move.mutate({ orgId: org["acmeCanada"]!, newParentId: org["acmeNorthAmerica"]! });
  });

  it("answers NOT_FOUND for a move into another customer's tree", async () => {
    expect((await callError(owner.trpc.org.move.mutate({ orgId: org["acmeCanada"]!, newParentId: org["globex"]! }))).status).toBe(404);
  });

  it("archives a subtree, refuses changes inside it, and restores it", async () => {
    expect(await owner.trpc.org.archive.mutate({ orgId: org["acmeNorthAmerica"]! })).toEqual({ archived: 2 });
    const refused = await callError(owner.trpc.org.rename.mutate({ orgId: org["acmeCanada"]!, name: "Acme Kanada" }));
    expect([refused.status, refused.message]).toEqual([409, "This organization is archived. Restore it to make changes."]);
    expect(await owner.trpc.org.restore.mutate({ orgId: org["acmeNorthAmerica"]! })).toEqual({ restored: 2 });
    await owner.trpc.org.rename.mutate({ orgId: org["acmeCanada"]!, name: "Acme Kanada" });
  });

  it("lets a parent's admin into child organizations once inheritance is on", async () => {
    expect((await callError(acmeAdmin.trpc.org.get.query({ orgId: org["acmeCanada"]! }))).status).toBe(404);
    await owner.trpc.org.setInheritance.mutate({ orgId: org["acme"]!, inheritRolesToChildren: true });
    expect((await acmeAdmin.trpc.org.get.query({ orgId: org["acmeCanada"]! })).name).toBe("Acme Kanada");
    const mine = await acmeAdmin.trpc.org.list.query();
    expect(mine.find((o) => o.slug === "acme-ca")).toMatchObject({ inherited: true, role: { key: "admin" } });
    await owner.trpc.org.setInheritance.mutate({ orgId: org["acme"]!, inheritRolesToChildren: false });
  });

  it("keeps the data region fixed and validates branding", async () => {
    await owner.trpc.org.updateBranding.mutate({ orgId: org["acme"]!, logoUrl: "https://cdn.acme.example/logo.svg", brandColor: "teal", supportEmail: "it@acme.example" });
    expect(await owner.trpc.org.settings.query({ orgId: org["acme"]! })).toMatchObject({ region: "us", brandColor: "teal" });
    const bad = await callError(
      owner.trpc.org.updateBranding.mutate({ orgId: org["acme"]!, logoUrl: "http://insecure.example/logo.png", brandColor: null, supportEmail: null }),
    );
    expect(bad.status).toBe(400);
    await expect(api.db.organization.update({ where: { id: org["acme"]! }, data: { region: "eu" } })).rejects.toThrow(/fixed after creation/);
  });
});

describe("plans and quotas", () => {
  const soylent = org["soylent"]!; // team plan
  const soylentOwner = api.signedIn("ops@soylent.example");

  it("refuses a feature the plan lacks with 402 and the plan that includes it, audited", async () => {
    const c = await soylentOwner;
    const error = await callError(c.trpc.roles.create.mutate({ orgId: soylent, name: "Auditor", permissions: ["audit:read"] }));
    expect([error.status, error.message]).toEqual([402, "Custom roles requires the Business plan."]);
    const denied = await api.db.auditEvent.findFirst({ where: { organizationId: soylent, action: "access.denied" }, select: { details: true } });
    expect(denied?.details).toMatchObject({ reason: "Custom roles requires the Business plan" });
    const plan = await c.trpc.org.plan.query({ orgId: soylent });
    expect(plan.features.find((f) => f.feature === "custom_roles")).toMatchObject({ enabled: false, includedFrom: "business" });
  });

  it("applies a staff override until it expires", async () => {
    const csm = await api.signedIn("csm@atrium.example");
    await csm.trpc.staff.customers.setFeatureOverride.mutate({
      organizationId: soylent,
      feature: "custom_roles",
      enabled: true,
      expiresAt: new Date(Date.now() + 7 * 86400_000),
      reason: "Trial before upgrade",
    });
    const c = await soylentOwner;
    const role = await c.trpc.roles.create.mutate({ orgId: soylent, name: "Auditor", permissions: ["audit:read"] });
    expect(role.name).toBe("Auditor");
    expect(await api.db.auditEvent.count({ where: { organizationId: soylent, action: "feature.override" } })).toBe(1);
  });

  it("refuses an API key past the plan's quota with 402", async () => {
    const c = await soylentOwner;
    for (let i = 0; i < 5; i++) await c.trpc.apiKeys.create.mutate({ orgId: soylent, name: `key ${i}`, permissions: ["org:read"] });
    const error = await callError(c.trpc.apiKeys.create.mutate({ orgId: soylent, name: "one too many", permissions: ["org:read"] }));
    expect([error.status, error.message]).toEqual([402, "Your plan allows 5 api keys (5 in use). Upgrade for more."]);
  });
});
