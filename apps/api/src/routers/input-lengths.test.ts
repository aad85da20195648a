import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

const local = (n: number) => "a".repeat(n);

describe("lengths validated at the edge, with sentences", () => {
  it("refuses an invitation whose local part exceeds RFC 5321's 64 characters, and writes nothing", async () => {
    const email = `${local(65)}@acme.example`;
    const error = await callError(owner.trpc.invitations.create.mutate({ orgId: acme, email, roleKey: "member" }));
    expect([error.status, error.fieldErrors]).toEqual([400, { email: ["The part before the @ can be at most 64 characters."] }]);
    expect(await api.db.invitation.count({ where: { organizationId: acme, email } })).toBe(0);
  });

  it("accepts a local part of exactly 64 characters", async () => {
    const email = `${local(64)}@acme.example`;
    await owner.trpc.invitations.create.mutate({ orgId: acme, email, roleKey: "member" });
    expect(await api.db.invitation.count({ where: { organizationId: acme, email } })).toBe(1);
  });

  it("refuses an address longer than 254 characters", async () => {
    const email = `${local(64)}@${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.example`;
    expect(email.length).toBe(255);
    const error = await callError(owner.trpc.invitations.create.mutate({ orgId: acme, email, roleKey: "member" }));
    expect([error.status, error.fieldErrors]).toEqual([400, { email: ["An e-mail address can be at most 254 characters."] }]);
  });

  it("refuses a role name over 100 characters and accepts one of 100", async () => {
    const input = { orgId: acme, description: "", permissions: ["members:read" as const], conditions: [] };
    const error = await callError(owner.trpc.roles.create.mutate({ ...input, name: "R".repeat(101) }));
    expect([error.status, error.fieldErrors]).toEqual([400, { name: ["A role name can be at most 100 characters."] }]);
    const created = await owner.trpc.roles.create.mutate({ ...input, name: "R".repeat(100) });
    expect(created.name).toBe("R".repeat(100));
  });

  it("refuses a display name over 100 characters when an invitation is accepted with a new account", async () => {
    const error = await callError(api.client().trpc.invitations.invitee.acceptAsNewUser.mutate({ token: "x".repeat(40), name: "N".repeat(101), password: "correct horse battery staple" }));
    expect([error.status, error.fieldErrors]).toEqual([400, { name: ["Your name can be at most 100 characters."] }]);
  });
});
