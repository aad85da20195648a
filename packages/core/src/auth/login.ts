import type { Db } from "@atrium/db";
import { actorForUser, type RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { secondFactorStep, type MfaStep } from "../mfa/login.ts";
import { passwordLoginGate, recordBreakGlassLogin } from "../sso/domains.ts";
import { verifyPassword } from "./password.ts";
import { createSession, invalidateSession, type SessionUser } from "./sessions.ts";
import { clearFailures, lockedForSeconds, loginThrottleKeys, recordFailure } from "./throttle.ts";

/** Signed in (a session token), or a second factor to pass first (see mfa/login.ts). */
export type LoginResult =
  | { token: string; expiresAt: Date; user: SessionUser; mfa: null }
  | { token: null; expiresAt: null; user: SessionUser; mfa: MfaStep };

const INVALID = "Invalid e-mail or password.";

/**
 * Signs in with e-mail and password. Every attempt is audited on the platform
 * log; failures count towards the throttle and get one generic message.
 */
export async function loginWithPassword(
  db: Db,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = loginThrottleKeys(email, meta.ip);
  const anonymous = { type: "anonymous" as const, label: email, ...meta };

  const lockedSeconds = await lockedForSeconds(db, keys);
  if (lockedSeconds > 0) {
    await recordAudit(db, anonymous, {
      action: "auth.login",
      organizationId: null,
      status: "denied",
      resource: { type: "user" },
      details: { reason: "throttled", retryAfterSeconds: lockedSeconds },
    });
    throw new AppError("TOO_MANY_REQUESTS", {
      userMessage: "Too many sign-in attempts. Try again later.",
      retryAfterSeconds: lockedSeconds,
    });
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, platformRole: true, status: true, passwordHash: true },
  });
  const gate = await passwordLoginGate(db, email, user?.id ?? null, meta);
  if (gate.kind === "refused") {
    throw new AppError("FORBIDDEN", { message: "login refused: sso_enforced", userMessage: "Your organization requires single sign-on. Continue with SSO." });
  }
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.status !== "active") {
    const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "user_deactivated";
    await db.$transaction(async (tx) => {
      await recordFailure(tx, keys);
      await recordAudit(tx, anonymous, {
        action: "auth.login",
        organizationId: null,
        status: "denied",
        resource: { type: "user", id: user?.id ?? null },
        details: { reason },
      });
    });
    throw new AppError("UNAUTHORIZED", { message: `login refused: ${reason}`, userMessage: INVALID });
  }

  return db.$transaction(async (tx): Promise<LoginResult> => {
    await clearFailures(tx, email);
    const sessionUser = { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole };
    // A break-glass owner passing the password on an SSO-enforced domain is audited even before a second factor.
    if (gate.kind === "break_glass") await recordBreakGlassLogin(tx, user, gate.organizationId, meta);
    const mfa = await secondFactorStep(tx, user.id);
    if (mfa) return { token: null, expiresAt: null, user: sessionUser, mfa };
    const session = await createSession(tx, user.id, meta);
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actorForUser(user, meta), { action: "auth.login", organizationId: null, resource: { type: "user", id: user.id } });
    return { ...session, user: sessionUser, mfa: null };
  });
}

export async function logout(db: Db, sessionId: string, user: SessionUser, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    await invalidateSession(tx, sessionId);
    await recordAudit(tx, actorForUser(user, meta), { action: "auth.logout", organizationId: null, resource: { type: "session" } });
  });
}
