import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const tom = api.demo.users["tom.baker@acme.example"]!;
const acmeNa = api.demo.organizations["acmeNorthAmerica"]!;

describe("data-subject requests", () => {
  it("exports everything held about a person in the organization, and audits the request", async () => {
    const leeId = api.demo.users["lee.chen@acme.example"]!;
    const lee = await api.signedIn("lee.chen@acme.example"); // a sign-in, then an action as actor
    await callError(lee.trpc.org.rename.mutate({ orgId: acme, name: "x" }));
    const data = (await owner.trpc.members.privacy.exportPersonalData.mutate({ orgId: acme, userId: leeId })) as {
      person: { email: string };
      membership: { role: string };
      auditEvents: { action: string; actorLabel: string | null }[];
    };
    expect(data.person.email).toBe("lee.chen@acme.example");
    expect(data.membership.role).toBe("member");
    expect(data.auditEvents.map((e) => e.action)).toEqual(["membership.create", "auth.login", "access.denied"]);
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "privacy.export" } })).toBe(1);
  });

  it("refuses erasure while the person is a member, then pseudonymizes without breaking the chain", async () => {
    const tomClient = await api.signedIn("tom.baker@acme.example");
    await callError(tomClient.trpc.org.rename.mutate({ orgId: acmeNa, name: "x" })); // Tom as actor: denied event with his e-mail and IP
    expect((await callError(owner.trpc.members.privacy.erasePersonalData.mutate({ orgId: acmeNa, userId: tom }))).status).toBe(409);
    await owner.trpc.members.remove.mutate({ orgId: acmeNa, userId: tom });
    const { events } = await owner.trpc.members.privacy.erasePersonalData.mutate({ orgId: acmeNa, userId: tom });
    expect(events).toBe(4); // membership.create and membership.remove about him, his sign-in (auth.login) and access.denied by him
    const remaining = await api.db.auditEvent.findMany({
      where: { organizationId: acmeNa, OR: [{ actorId: tom }, { resourceId: tom }], action: { not: "privacy.erase" } },
      select: { actorLabel: true, ip: true, personal: true, piiErasedAt: true, actorId: true },
    });
    expect(JSON.stringify(remaining)).not.toContain("tom.baker@acme.example");
    expect(remaining.every((e) => e.piiErasedAt !== null)).toBe(true);
    expect(remaining.find((e) => e.actorId === tom)).toMatchObject({ actorLabel: expect.stringMatching(/^erased-[0-9a-f]{12}$/), ip: null });
    expect(await owner.trpc.audit.events.verify.mutate({ orgId: acmeNa })).toMatchObject({ ok: true });
  });
});
