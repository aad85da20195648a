/**
 * MFA and sessions through the real API: the two-step sign-in, the session's
 * MFA flag reaching the ABAC `mfa` condition, admins' reset and sign-out of a
 * member, and other tenants' admins getting nothing.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { currentStep, keyFromManualEntry } from "@atrium/core/mfa";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { startTestApi, type TestClient } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const userId = (email: string) => api.demo.users[email]!;
const nextCode = (key: Uint8Array) => generateHOTP(key, currentStep() + 1n, 6);

async function enrol(client: TestClient): Promise<Uint8Array> {
  const { manualKey } = await client.trpc.mfa.enrollStart.mutate();
  const key = keyFromManualEntry(manualKey);
  await client.trpc.mfa.enrollConfirm.mutate({ code: generateTOTP(key, 30, 6) });
  return key;
}

describe("MFA through the API", () => {
  it("signs in with password then TOTP; the session records MFA", async () => {
    const lee = await api.signedIn("lee.chen@acme.example");
    expect((await lee.trpc.mfa.status.query()).enabled).toBe(false);
    const key = await enrol(lee);
    expect(await lee.trpc.mfa.status.query()).toMatchObject({ enabled: true, recoveryCodesLeft: 10, sessionVerified: true });

    const browser = api.client();
    const step = await browser.trpc.auth.login.mutate({ email: "lee.chen@acme.example", password: DEMO_PASSWORD });
    expect(step.mfa?.mode).toBe("verify");
    await expect(browser.trpc.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await browser.trpc.mfa.challenge.verify.mutate({ challenge: step.mfa!.challenge, code: nextCode(key) });
    expect((await browser.trpc.auth.me.query()).user.email).toBe("lee.chen@acme.example");
    const sessions = await browser.trpc.sessions.list.query();
    expect(sessions.find((s) => s.current)).toMatchObject({ kind: "browser", mfa: true });
  });

  it("feeds the session's MFA state to the ABAC mfa condition: denied without MFA, allowed with it", async () => {
    const owner = await api.signedIn("admin@acme.example");
    const role = await owner.trpc.roles.create.mutate({
      orgId: acme,
      name: "Auditor with MFA",
      permissions: ["org:read", "members:read", "audit:read"],
      conditions: [{ type: "mfa" }],
    });
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: userId("auditor@acme.example"), roleKey: role.id });
    const auditor = await api.signedIn("auditor@acme.example");
    await expect(auditor.trpc.audit.events.search.query({ orgId: acme })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    const denied = await api.db.auditEvent.findFirstOrThrow({
      where: { action: "access.denied", organizationId: acme, actorId: userId("auditor@acme.example") },
      orderBy: { seq: "desc" },
    });
    expect((denied.details as { reason: string }).reason).toMatch(/MFA|mfa|multi-factor/);

    await enrol(auditor);
    await expect(auditor.trpc.audit.events.search.query({ orgId: acme })).resolves.toBeDefined();
  });

  it("enforces the org policy at login and lets admins set it, audited", async () => {
    const owner = await api.signedIn("it@globex.example");
    expect(await owner.trpc.mfa.policy.query({ orgId: globex })).toMatchObject({ required: false });
    await owner.trpc.mfa.setPolicy.mutate({ orgId: globex, required: true });
    const karl = api.client();
    const step = await karl.trpc.auth.login.mutate({ email: "karl.berg@globex.example", password: DEMO_PASSWORD });
    expect(step.mfa?.mode).toBe("enroll");
    const { manualKey } = await karl.trpc.mfa.challenge.enrollStart.mutate({ challenge: step.mfa!.challenge });
    const { recoveryCodes } = await karl.trpc.mfa.challenge.enrollConfirm.mutate({
      challenge: step.mfa!.challenge,
      code: generateTOTP(keyFromManualEntry(manualKey), 30, 6),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect((await karl.trpc.auth.me.query()).user.email).toBe("karl.berg@globex.example");
    await owner.trpc.mfa.setPolicy.mutate({ orgId: globex, required: false });
    const events = await api.db.auditEvent.findMany({ where: { action: "mfa.policy_update", organizationId: globex }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.details)).toEqual([{ before: "off", after: "required" }, { before: "required", after: "off" }]);
  });

  it("lets an admin reset a member's MFA (audited) but not an owner's, and another tenant's admin nothing", async () => {
    const noah = await api.signedIn("noah.roy@acme.example");
    await enrol(noah);
    const canadaAdmin = await api.signedIn("emily.tremblay@acme.example");
    const canada = api.demo.organizations["acmeCanada"]!;
    const members = await canadaAdmin.trpc.mfa.members.query({ orgId: canada });
    expect(members.find((m) => m.email === "noah.roy@acme.example")?.mfaEnabled).toBe(true);

    const globexOwner = await api.signedIn("it@globex.example");
    await expect(globexOwner.trpc.mfa.resetMember.mutate({ orgId: globex, userId: userId("noah.roy@acme.example") })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    await expect(globexOwner.trpc.mfa.resetMember.mutate({ orgId: canada, userId: userId("noah.roy@acme.example") })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    await expect(canadaAdmin.trpc.mfa.resetMember.mutate({ orgId: canada, userId: userId("admin@acme.example") })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });

    await canadaAdmin.trpc.mfa.resetMember.mutate({ orgId: canada, userId: userId("noah.roy@acme.example") });
    expect((await noah.trpc.mfa.status.query()).enabled).toBe(false);
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "mfa.reset", organizationId: canada } });
    expect(event.resourceId).toBe(userId("noah.roy@acme.example"));
  });
});

describe("sessions", () => {
  it("lists a user's sessions with the current one marked and revokes one, or all others", async () => {
    const first = await api.signedIn("sophie.muller@acme.example");
    const second = await api.signedIn("sophie.muller@acme.example");
    const third = await api.signedIn("sophie.muller@acme.example");
    const listed = await first.trpc.sessions.list.query();
    expect(listed.filter((s) => s.kind === "browser")).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(listed.every((s) => s.ip === "127.0.0.1" && s.mfa === false)).toBe(true);

    const secondId = (await second.trpc.sessions.list.query()).find((s) => s.current)!.id;
    await first.trpc.sessions.revoke.mutate({ kind: "browser", id: secondId });
    await expect(second.trpc.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });

    expect(await first.trpc.sessions.revokeOthers.mutate()).toEqual({ sessions: 1, deviceTokens: 0 });
    await expect(third.trpc.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    expect((await first.trpc.auth.me.query()).user.email).toBe("sophie.muller@acme.example");
  });

  it("does not let a user revoke someone else's session", async () => {
    const luca = await api.signedIn("luca.rossi@acme.example");
    const lucaSession = (await luca.trpc.sessions.list.query()).find((s) => s.current)!.id;
    const other = await api.signedIn("ines.dupont@globex.example");
    await expect(other.trpc.sessions.revoke.mutate({ kind: "browser", id: lucaSession })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    expect((await luca.trpc.auth.me.query()).user.email).toBe("luca.rossi@acme.example");
  });

  it("lets an admin sign a member out everywhere (audited on the org's log); another tenant's admin gets NOT_FOUND", async () => {
    const maria = await api.signedIn("maria.garcia@acme.example");
    const globexOwner = await api.signedIn("it@globex.example");
    await expect(globexOwner.trpc.sessions.revokeMember.mutate({ orgId: globex, userId: userId("maria.garcia@acme.example") })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    const naOrg = api.demo.organizations["acmeNorthAmerica"]!;
    await expect(globexOwner.trpc.sessions.revokeMember.mutate({ orgId: naOrg, userId: userId("maria.garcia@acme.example") })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    expect((await maria.trpc.auth.me.query()).user.email).toBe("maria.garcia@acme.example");

    const owner = await api.signedIn("admin@acme.example");
    const counts = await owner.trpc.sessions.revokeMember.mutate({ orgId: naOrg, userId: userId("maria.garcia@acme.example") });
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    await expect(maria.trpc.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "session.revoke_all", organizationId: naOrg } });
    expect(event.details).toMatchObject({ scope: "member" });
  });
});
