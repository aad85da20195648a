import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const acmeNa = api.demo.organizations["acmeNorthAmerica"]!;
const acmeCanada = api.demo.organizations["acmeCanada"]!;
const initech = api.demo.organizations["initech"]!;
const soylent = api.demo.organizations["soylent"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
const naAdmin = await api.signedIn("maria.garcia@acme.example"); // admin of Acme North America only
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const range = { from: day(-29), to: day(0) };

const codeOf = (promise: Promise<unknown>) => promise.then(() => "OK", (e: { data?: { code?: string } }) => e.data?.code);

describe("analytics router", () => {
  it("answers member activity for the organization and, on request, its subtree", async () => {
    const own = await owner.trpc.analytics.members.query({ orgId: acme, ...range });
    const tree = await owner.trpc.analytics.members.query({ orgId: acme, ...range, subtree: true });
    const members = async (orgs: string[]) =>
      (await api.db.membership.findMany({ where: { organizationId: { in: orgs }, status: "active" }, distinct: ["userId"], select: { userId: true } })).length;
    expect(own.members).toBe(await members([acme]));
    expect(tree.members).toBe(await members(Object.values(api.demo.organizations).filter((id) => id === acme || [acmeNa, acmeCanada, api.demo.organizations["acmeEmea"]].includes(id))));
    expect(own.daily).toHaveLength(30);
  });

  it("lets a child see its own subtree, never its parent's figures", async () => {
    expect(await codeOf(naAdmin.trpc.analytics.members.query({ orgId: acme, ...range }))).toBe("NOT_FOUND");
    expect(await codeOf(naAdmin.trpc.analytics.members.query({ orgId: acme, ...range, subtree: true }))).toBe("NOT_FOUND");
    const na = await naAdmin.trpc.analytics.members.query({ orgId: acmeNa, ...range, subtree: true });
    const expected = await api.db.membership.findMany({ where: { organizationId: { in: [acmeNa, acmeCanada] }, status: "active" }, distinct: ["userId"], select: { userId: true } });
    expect(na.people.map((p) => p.userId).sort()).toEqual(expected.map((m) => m.userId).sort());
    expect(await codeOf(naAdmin.trpc.analytics.layout.get.query({ orgId: acme }))).toBe("NOT_FOUND");
  });

  it("refuses bad ranges with a sentence", async () => {
    await expect(owner.trpc.analytics.members.query({ orgId: acme, from: day(0), to: day(-1) })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await expect(owner.trpc.analytics.members.query({ orgId: acme, from: day(-400), to: day(0) })).rejects.toThrow("The range can cover at most 366 days.");
  });

  it("gates by plan: analytics from Team, saved layouts only in Enterprise (402); a free plan sees nothing", async () => {
    const soylentOwner = await api.signedIn("ops@soylent.example");
    expect((await soylentOwner.trpc.analytics.members.query({ orgId: soylent, ...range })).members).toBeGreaterThan(0);
    expect((await soylentOwner.trpc.analytics.layout.get.query({ orgId: soylent })).isDefault).toBe(true);
    expect(await codeOf(soylentOwner.trpc.analytics.layout.save.mutate({ orgId: soylent, cards: [] }))).toBe("PAYMENT_REQUIRED");
    const initechOwner = await api.signedIn("bill.lumbergh@initech.example");
    await expect(initechOwner.trpc.analytics.layout.save.mutate({ orgId: initech, cards: [] })).rejects.toThrow("Saved analytics layouts requires the Enterprise plan");

    await api.db.organization.update({ where: { id: soylent }, data: { plan: "free" } });
    await expect(soylentOwner.trpc.analytics.members.query({ orgId: soylent, ...range })).rejects.toThrow("Usage and member analytics requires the Team plan");
    expect(await codeOf(soylentOwner.trpc.analytics.layout.get.query({ orgId: soylent }))).toBe("PAYMENT_REQUIRED");
  });

  it("keeps each person's layout; a viewer may save their own but not export", async () => {
    await viewer.trpc.analytics.layout.save.mutate({ orgId: acme, cards: [{ id: "quality", pinned: true, hidden: false }] });
    expect((await viewer.trpc.analytics.layout.get.query({ orgId: acme })).cards[0]).toEqual({ id: "quality", pinned: true, hidden: false });
    expect((await owner.trpc.analytics.layout.get.query({ orgId: acme })).isDefault).toBe(true);
    await expect(owner.trpc.analytics.layout.save.mutate({ orgId: acme, cards: [{ id: "nope" as "quality", pinned: false, hidden: false }] })).rejects.toMatchObject({
      data: { code: "BAD_REQUEST" },
    });
    expect(await codeOf(viewer.trpc.analytics.export.mutate({ orgId: acme, ...range, subtree: false, cards: ["quality"] }))).toBe("FORBIDDEN");
    await owner.trpc.analytics.export.mutate({ orgId: acme, ...range, subtree: true, cards: ["member_activity", "top_members"] });
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "analytics.export" } });
    expect(event.details).toEqual({ ...range, subtree: true, cards: ["member_activity", "top_members"] });
  });

  it("shows the CSM portal the same figures, read-only, for customers the staff member sees", async () => {
    const csm = await api.signedIn("csm@atrium.example"); // assigned Acme, not Tyrell
    const tenant = await owner.trpc.analytics.members.query({ orgId: acme, ...range, subtree: true });
    expect(await csm.trpc.analytics.customer.members.query({ organizationId: acme, ...range, subtree: true })).toEqual(tenant);
    expect(await codeOf(csm.trpc.analytics.customer.members.query({ organizationId: api.demo.organizations["tyrell"]!, ...range }))).toBe("NOT_FOUND");
    expect(await codeOf(owner.trpc.analytics.customer.members.query({ organizationId: acme, ...range }))).toBe("FORBIDDEN");
  });
});
