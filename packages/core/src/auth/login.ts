import type { Db } from "@atrium/db";
import { actorForUser, type RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { secondFactorStep, type MfaStep } from "../mfa/login.ts";
import { passwordLoginGate, recordBreakGlassLogin } from "../sso/domains.ts";
import { verifyPassword } from "./password.ts";
import { createSession, invalidateSession, type SessionUser } from "./sessions.ts";
import { recordSignIn } from "./sign-in-audit.ts";
import { clearFailures, lockedForSeconds, loginThrottleKeys, recordFailure } from "./throttle.ts";

/** Signed in (a session token), or a second factor to pass first (see mfa/login.ts). */
export type LoginResult =
  | { token: string; expiresAt: Date; user: SessionUser; mfa: null }
  | { token: null; expiresAt: null; user: SessionUser; mfa: MfaStep };

const INVALID = "Invalid e-mail or password.";

/**
 * Signs in with e-mail and password. Every attempt is audited on the platform
 * log and, for a known account, on the log of each organization it is an
 * active member of (see sign-in-audit.ts); failures count towards the
 * throttle and get one generic message. A correct password for an account
 * with MFA records nothing yet: the sign-in is recorded by the second step.
 */
export async function loginWithPassword(
  db: Db,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = loginThrottleKeys(email, meta.ip);
  const anonymous = { type: "anonymous" as const, label: email, ...meta };

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, platformRole: true, status: true, passwordHash: true },
  });
  const lockedSeconds = await lockedForSeconds(db, keys);
  if (lockedSeconds > 0) {
    await recordSignIn(db, anonymous, { userId: user?.id ?? null, status: "denied", details: { method: "password", reason: "throttled", retryAfterSeconds: lockedSeconds } });
    throw new AppError("TOO_MANY_REQUESTS", {
      userMessage: "Too many sign-in attempts. Try again later.",
      retryAfterSeconds: lockedSeconds,
    });
  }

  const gate = await passwordLoginGate(db, email, user?.id ?? null, meta);
  if (gate.kind === "refused") {
    // The gate recorded the refusal on the domain's organization; the platform and the account's other organizations get theirs.
    await recordSignIn(db, anonymous, { userId: user?.id ?? null, status: "denied", details: { reason: "sso_enforced" }, alreadyRecordedIn: gate.organizationId });
    throw new AppError("FORBIDDEN", { message: "login refused: sso_enforced", userMessage: "Your organization requires single sign-on. Continue with SSO." });
  }
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.status !== "active") {
    const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "user_deactivated";
    await db.$transaction(async (tx) => {
      await recordFailure(tx, keys);
      await recordSignIn(tx, anonymous, { userId: user?.id ?? null, status: "denied", details: { method: "password", reason } });
    });
    throw new AppError("UNAUTHORIZED", { message: `login refused: ${reason}`, userMessage: INVALID });
  }

  return db.$transaction(async (tx): Promise<LoginResult> => {
    await clearFailures(tx, email);
    const sessionUser = { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole };
    const mfa = await secondFactorStep(tx, user.id);
    if (!mfa) {
      const session = await createSession(tx, user.id, meta);
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
      await recordSignIn(tx, actorForUser(user, meta), { userId: user.id, status: "success", details: { method: "password", mfa: false } });
      // After the sign-in's batch (the break-glass owner is a member there, so that chain's head is already held).
      if (gate.kind === "break_glass") await recordBreakGlassLogin(tx, user, gate.organizationId, meta);
      return { ...session, user: sessionUser, mfa: null };
    }
    // A break-glass owner passing the password on an SSO-enforced domain is audited even before a second factor.
    if (gate.kind === "break_glass") await recordBreakGlassLogin(tx, user, gate.organizationId, meta);
    return { token: null, expiresAt: null, user: sessionUser, mfa };
  });
}

export async function logout(db: Db, sessionId: string, user: SessionUser, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    await invalidateSession(tx, sessionId);
    await recordAudit(tx, actorForUser(user, meta), { action: "auth.logout", organizationId: null, resource: { type: "session" } });
  });
}
