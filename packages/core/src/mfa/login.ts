/**
 * The second step of a password login. After a correct password, a user with
 * MFA gets a challenge to answer with a TOTP or recovery code; a user without
 * MFA whom a policy requires to have it gets a challenge to enrol first. Only
 * then is a session created, marked as having passed MFA. Failed codes are
 * throttled per user (shared with every API instance through login_throttles).
 * The sign-in is recorded here (`auth.login` on the platform log and on each
 * of the user's organizations, with `mfa: true`), and so is each refused code,
 * as a refused sign-in with its reason besides the platform's `mfa.verify`.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { actorForUser, type RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { createSession, type SessionUser } from "../auth/sessions.ts";
import { recordSignIn } from "../auth/sign-in-audit.ts";
import { lockedForSeconds, recordFailure, type ThrottleKey } from "../auth/throttle.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { AppError } from "../errors.ts";
import { confirmEnrollment, consumeCode, startEnrollment, type EnrollmentStart } from "./factor.ts";
import { mfaRequiredFor } from "./policy.ts";

export const MFA_CHALLENGE_LIFETIME_MS = 10 * 60_000;
export const MFA_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export interface MfaStep {
  /** Sent back with the code; valid for ten minutes. */
  challenge: string;
  /** verify: enter a code; enroll: the organization requires MFA and the user has none yet. */
  mode: "verify" | "enroll";
  expiresAt: Date;
}

const throttleKey = (userId: string): ThrottleKey[] => [{ key: `mfa:${userId}`, rule: MFA_THROTTLE }];

/** The step a user must pass after the password, or null when the password suffices. */
export async function secondFactorStep(tx: DbOrTx, userId: string): Promise<MfaStep | null> {
  const factor = await tx.userTotp.findUnique({ where: { userId }, select: { confirmedAt: true } });
  const mode = factor?.confirmedAt ? "verify" : (await mfaRequiredFor(tx, userId)) ? "enroll" : null;
  if (!mode) return null;
  const challenge = randomToken(20);
  const expiresAt = new Date(Date.now() + MFA_CHALLENGE_LIFETIME_MS);
  await tx.mfaChallenge.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } });
  await tx.mfaChallenge.create({ data: { id: sha256Hex(challenge), userId, purpose: mode, expiresAt }, select: { id: true } });
  return { challenge, mode, expiresAt };
}

const expired = () => new AppError("UNAUTHORIZED", { userMessage: "This sign-in has expired. Enter your e-mail and password again." });

async function challengeUser(db: DbOrTx, challenge: string, purpose: MfaStep["mode"]): Promise<SessionUser> {
  const row = await db.mfaChallenge.findUnique({ where: { id: sha256Hex(challenge) }, select: { userId: true, purpose: true, expiresAt: true } });
  if (!row || row.purpose !== purpose || row.expiresAt <= new Date()) throw expired();
  const user = await db.user.findUnique({
    where: { id: row.userId },
    select: { id: true, email: true, name: true, platformRole: true, status: true },
  });
  if (!user || user.status !== "active") throw expired();
  return { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole };
}

async function assertNotLocked(db: Db, user: SessionUser, meta: RequestMeta): Promise<void> {
  const seconds = await lockedForSeconds(db, throttleKey(user.id));
  if (seconds === 0) return;
  await recordAudit(db, actorForUser(user, meta), {
    action: "mfa.verify",
    organizationId: null,
    status: "denied",
    resource: { type: "user", id: user.id },
    details: { reason: "throttled", retryAfterSeconds: seconds },
  });
  await recordSignIn(db, actorForUser(user, meta), { userId: user.id, status: "denied", details: { method: "password", reason: "mfa_throttled", retryAfterSeconds: seconds } });
  throw new AppError("TOO_MANY_REQUESTS", { userMessage: "Too many wrong codes. Try again later.", retryAfterSeconds: seconds });
}

export interface MfaLoginResult {
  token: string;
  expiresAt: Date;
  user: SessionUser;
  /** Set when a recovery code was used. */
  recoveryCodesLeft?: number;
}

/** Answers a verify challenge with a TOTP or recovery code; a session marked as MFA-verified on success. */
export async function completeMfaLogin(db: Db, input: { challenge: string; code: string }, meta: RequestMeta): Promise<MfaLoginResult> {
  const user = await challengeUser(db, input.challenge, "verify");
  await assertNotLocked(db, user, meta);
  const actor = actorForUser(user, meta);
  const outcome = await db.$transaction(async (tx) => {
    const check = await consumeCode(tx, user.id, input.code);
    if (!check.ok) return check;
    // A challenge answers once: a concurrent request that already used it gets "expired".
    const { count } = await tx.mfaChallenge.deleteMany({ where: { id: sha256Hex(input.challenge) } });
    if (count !== 1) throw expired();
    await tx.loginThrottle.deleteMany({ where: { key: `mfa:${user.id}` } });
    const session = await createSession(tx, user.id, meta, { mfaVerifiedAt: new Date() });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
    if (check.method === "recovery_code") {
      await recordAudit(tx, actor, {
        action: "mfa.recovery_code_used",
        organizationId: null,
        resource: { type: "user", id: user.id },
        details: { recoveryCodesLeft: check.recoveryCodesLeft ?? 0 },
      });
    }
    await recordAudit(tx, actorForUser(user, meta, true), {
      action: "mfa.verify",
      organizationId: null,
      resource: { type: "user", id: user.id },
      details: { method: check.method },
    });
    await recordSignIn(tx, actorForUser(user, meta, true), { userId: user.id, status: "success", details: { method: "password", mfa: true, factor: check.method } });
    return { ...check, ...session };
  });
  if (!outcome.ok) {
    await db.$transaction(async (tx) => {
      await recordFailure(tx, throttleKey(user.id));
      await recordAudit(tx, actor, { action: "mfa.verify", organizationId: null, status: "denied", resource: { type: "user", id: user.id }, details: { reason: outcome.reason } });
      await recordSignIn(tx, actor, { userId: user.id, status: "denied", details: { method: "password", reason: outcome.reason } });
    });
    throw new AppError("UNAUTHORIZED", { message: `mfa refused: ${outcome.reason}`, userMessage: "That code is not valid." });
  }
  return {
    token: outcome.token,
    expiresAt: outcome.expiresAt,
    user,
    ...(outcome.recoveryCodesLeft !== undefined ? { recoveryCodesLeft: outcome.recoveryCodesLeft } : {}),
  };
}

/** For an enroll challenge: a new authenticator key to scan. */
export async function startLoginEnrollment(db: Db, challenge: string): Promise<EnrollmentStart> {
  const user = await challengeUser(db, challenge, "enroll");
  return startEnrollment(db, user);
}

/** For an enroll challenge: confirms the first code; the session and the recovery codes (shown once). */
export async function completeLoginEnrollment(
  db: Db,
  input: { challenge: string; code: string },
  meta: RequestMeta,
): Promise<MfaLoginResult & { recoveryCodes: string[] }> {
  const user = await challengeUser(db, input.challenge, "enroll");
  await assertNotLocked(db, user, meta);
  try {
    return await db.$transaction(async (tx) => {
      const recoveryCodes = await confirmEnrollment(tx, user.id, input.code);
      const { count } = await tx.mfaChallenge.deleteMany({ where: { id: sha256Hex(input.challenge) } });
      if (count !== 1) throw expired();
      const session = await createSession(tx, user.id, meta, { mfaVerifiedAt: new Date() });
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
      const actor = actorForUser(user, meta, true);
      await recordAudit(tx, actor, { action: "mfa.enroll", organizationId: null, resource: { type: "user", id: user.id }, details: { via: "login", required: true } });
      await recordSignIn(tx, actor, { userId: user.id, status: "success", details: { method: "password", mfa: true, factor: "enrolled" } });
      return { ...session, user, recoveryCodes };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") {
      await db.$transaction(async (tx) => {
        await recordFailure(tx, throttleKey(user.id));
        await recordAudit(tx, actorForUser(user, meta), { action: "mfa.verify", organizationId: null, status: "denied", resource: { type: "user", id: user.id }, details: { reason: "wrong_enrollment_code" } });
        await recordSignIn(tx, actorForUser(user, meta), { userId: user.id, status: "denied", details: { method: "password", reason: "wrong_enrollment_code" } });
      });
    }
    throw error;
  }
}
