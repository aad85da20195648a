import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { actorForUser } from "../actor.ts";
import { loginWithPassword } from "../auth/login.ts";
import { validateSessionToken } from "../auth/sessions.ts";
import { DEMO_PASSWORD } from "../seed/demo.ts";
import { keyFromManualEntry, startEnrollment } from "./factor.ts";
import { completeLoginEnrollment, completeMfaLogin, MFA_THROTTLE, startLoginEnrollment } from "./login.ts";
import { mfaRequiredFor, setMfaPolicy } from "./policy.ts";
import { confirmMyEnrollment, disableMyMfa, regenerateMyRecoveryCodes } from "./service.ts";
import { currentStep, TOTP_PERIOD_SECONDS } from "./totp.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const meta = { ip: "198.51.100.9", userAgent: "vitest" };

const totpNow = (key: Uint8Array) => generateTOTP(key, TOTP_PERIOD_SECONDS, 6);
/** The code of the next 30-second step (accepted within the one-step drift window, and newer than a code just used). */
const totpNext = (key: Uint8Array, ahead = 1n) => generateHOTP(key, currentStep() + ahead, 6);

async function signIn(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, platformRole: true } });
  const login = await loginWithPassword(db, { email, password: DEMO_PASSWORD }, meta);
  return { user, login, actor: actorForUser(user, meta, login.mfa === null ? false : true) };
}

/** Enrols `email` through the settings flow; returns the TOTP key (as the authenticator app would hold it) and the recovery codes. */
async function enrol(email: string) {
  const { user, login } = await signIn(email);
  const session = (await validateSessionToken(db, login.token!))!;
  const { manualKey, uri } = await startEnrollment(db, user);
  expect(uri).toMatch(/^otpauth:\/\/totp\/Atrium:/);
  const key = keyFromManualEntry(manualKey);
  const codes = await confirmMyEnrollment(db, actorForUser(user, meta), session.id, totpNow(key));
  return { user, key, codes, sessionId: session.id };
}

describe("TOTP enrolment and the login step", () => {
  it("enrols with a code computed from the key, gives ten recovery codes, and marks the enrolling session as MFA-verified", async () => {
    const { user, key, codes, sessionId } = await enrol("lee.chen@acme.example");
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).mfaVerifiedAt).not.toBeNull();
    const stored = await db.userTotp.findUniqueOrThrow({ where: { userId: user.id }, select: { secretSealed: true } });
    expect(stored.secretSealed.startsWith("v1.")).toBe(true);
    expect(stored.secretSealed).not.toContain(Buffer.from(key).toString("base64"));
    expect(await db.mfaRecoveryCode.count({ where: { codeHash: { in: codes } } })).toBe(0);
  });

  it("asks an enrolled user for a code after the password, and creates an MFA session only for a valid, unused code", async () => {
    const { key } = await enrol("tom.baker@acme.example");
    const { login } = await signIn("tom.baker@acme.example");
    expect(login.token).toBeNull();
    expect(login.mfa?.mode).toBe("verify");
    const challenge = login.mfa!.challenge;

    const code = totpNext(key);
    await expect(completeMfaLogin(db, { challenge, code: code === "000000" ? "111111" : "000000" }, meta)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const result = await completeMfaLogin(db, { challenge, code }, meta);
    const session = (await validateSessionToken(db, result.token))!;
    expect(session.mfaVerifiedAt).toBeInstanceOf(Date);

    // The same code cannot be used again, even with a fresh challenge.
    const again = await signIn("tom.baker@acme.example");
    await expect(completeMfaLogin(db, { challenge: again.login.mfa!.challenge, code }, meta)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const reasons = await db.auditEvent.findMany({ where: { action: "mfa.verify", status: "denied", actorLabel: "tom.baker@acme.example" }, select: { details: true } });
    expect(reasons.map((r) => (r.details as { reason: string }).reason)).toEqual(["wrong_totp_code", "wrong_totp_code"]);
  });

  it("accepts each recovery code once", async () => {
    const { codes } = await enrol("maria.garcia@acme.example");
    const first = await signIn("maria.garcia@acme.example");
    const result = await completeMfaLogin(db, { challenge: first.login.mfa!.challenge, code: codes[0]!.toUpperCase() }, meta);
    expect(result.recoveryCodesLeft).toBe(9);
    const second = await signIn("maria.garcia@acme.example");
    await expect(completeMfaLogin(db, { challenge: second.login.mfa!.challenge, code: codes[0]! }, meta)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.auditEvent.count({ where: { action: "mfa.recovery_code_used", actorLabel: "maria.garcia@acme.example" } })).toBe(1);
  });

  it("replaces recovery codes on regeneration (old ones stop working)", async () => {
    const { user, key, codes } = await enrol("noah.roy@acme.example");
    const fresh = await regenerateMyRecoveryCodes(db, actorForUser(user, meta), totpNext(key));
    expect(fresh).toHaveLength(10);
    const login = await signIn("noah.roy@acme.example");
    await expect(completeMfaLogin(db, { challenge: login.login.mfa!.challenge, code: codes[1]! }, meta)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(completeMfaLogin(db, { challenge: login.login.mfa!.challenge, code: fresh[1]! }, meta)).resolves.toMatchObject({ recoveryCodesLeft: 9 });
  });

  it("locks the code step after repeated wrong codes, even for a right code", async () => {
    const { key } = await enrol("luca.rossi@acme.example");
    const { login } = await signIn("luca.rossi@acme.example");
    const challenge = login.mfa!.challenge;
    const right = totpNext(key);
    const wrong = right === "123456" ? "654321" : "123456";
    for (let i = 0; i < MFA_THROTTLE.maxFailures; i++) {
      await expect(completeMfaLogin(db, { challenge, code: wrong }, meta)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(completeMfaLogin(db, { challenge, code: right }, meta)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});

describe("organization MFA policy", () => {
  it("makes a password login of a member without MFA enrol before there is a session; other tenants are unaffected", async () => {
    const admin = await signIn("it@globex.example");
    await setMfaPolicy(db, admin.actor, demo.organizations["globex"]!, true);
    expect(await mfaRequiredFor(db, demo.users["karl.berg@globex.example"]!)).toBe(true);
    // A member of a child organization (Globex UK) is covered by the parent's policy.
    expect(await mfaRequiredFor(db, demo.users["olivia.hughes@globex.example"]!)).toBe(true);
    expect(await mfaRequiredFor(db, demo.users["sam.patel@acme.example"]!)).toBe(false);

    const { login } = await signIn("karl.berg@globex.example");
    expect(login.token).toBeNull();
    expect(login.mfa?.mode).toBe("enroll");
    const { manualKey } = await startLoginEnrollment(db, login.mfa!.challenge);
    const key = keyFromManualEntry(manualKey);
    await expect(completeLoginEnrollment(db, { challenge: login.mfa!.challenge, code: "12345a" }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const result = await completeLoginEnrollment(db, { challenge: login.mfa!.challenge, code: totpNow(key) }, meta);
    expect(result.recoveryCodes).toHaveLength(10);
    expect((await validateSessionToken(db, result.token))!.mfaVerifiedAt).toBeInstanceOf(Date);

    // Turning MFA off is refused while the policy requires it.
    const karl = await db.user.findUniqueOrThrow({ where: { email: "karl.berg@globex.example" } });
    await expect(disableMyMfa(db, actorForUser({ ...karl }, meta), totpNext(key))).rejects.toMatchObject({ code: "CONFLICT" });

    // Sam (Acme, no policy) still signs in with the password only.
    expect((await signIn("sam.patel@acme.example")).login.mfa).toBeNull();
    const policyEvent = await db.auditEvent.findFirstOrThrow({ where: { action: "mfa.policy_update", organizationId: demo.organizations["globex"]! } });
    expect(policyEvent.details).toEqual({ before: "off", after: "required" });
  });

  it("lets a user turn their own MFA off with a current code when no policy requires it", async () => {
    const { user, key } = await enrol("sophie.muller@acme.example");
    await disableMyMfa(db, actorForUser(user, meta), totpNext(key));
    expect((await signIn("sophie.muller@acme.example")).login.mfa).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "mfa.disable", actorId: user.id } })).toBe(1);
  });
});
