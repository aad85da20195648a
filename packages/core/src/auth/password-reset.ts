/**
 * "Forgot password" by e-mail, as the OWASP Forgot Password cheat sheet has it:
 * - the same answer whether or not the address has an account (no enumeration);
 *   what actually happened is on the platform's audit log only;
 * - a random single-use token that lives 30 minutes, stored as its SHA-256 only,
 *   sent by e-mail through the outbox (in the request's transaction), in a link
 *   built from the configured public URL (never from the request's Host) with the
 *   token in the fragment, so it reaches no server log;
 * - requests rate-limited per address and per IP (429 for both, whoever asks);
 * - refused for people whose organization enforces SSO (their IdP owns their
 *   credentials), except its break-glass owner;
 * - a reset ends every session and device token of the person, asks the
 *   vendor's applications to sign them out (back-channel logout), and voids
 *   their other reset links. It does not sign anyone in: the new password is
 *   used at the sign-in page, where MFA still applies.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { passwordResetEmail } from "../email/templates.ts";
import { AppError } from "../errors.ts";
import { requestBackchannelLogout } from "../oidc-provider/backchannel.ts";
import { revokeUserSessions } from "../sessions/service.ts";
import { hashPassword } from "./password.ts";
import { clearFailures, lockedForSeconds, recordFailure, type ThrottleKey, type ThrottleRule } from "./throttle.ts";

export const RESET_TOKEN_LIFETIME_MS = 30 * 60_000;

export const RESET_THROTTLE: Record<"email" | "ip", ThrottleRule> = {
  email: { maxFailures: 3, windowMs: 60 * 60_000, lockMs: 60 * 60_000 },
  ip: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

const resetKeys = (email: string, ip: string | undefined): ThrottleKey[] => [
  { key: `reset-email:${email}`, rule: RESET_THROTTLE.email },
  ...(ip ? [{ key: `reset-ip:${ip}`, rule: RESET_THROTTLE.ip }] : []),
];

/** Where the e-mail's link leads: the admin console's reset page, the token in the fragment. */
export const resetUrl = (publicUrl: string, token: string) => `${publicUrl}/admin/reset-password#token=${token}`;

/** Whether the address's verified domain belongs to an organization enforcing SSO, and this person is not its break-glass owner. */
async function ssoEnforcedFor(db: DbOrTx, email: string, userId: string): Promise<string | null> {
  const domain = email.split("@")[1];
  if (!domain) return null;
  const owner = await db.ssoDomain.findFirst({ where: { domain, verifiedAt: { not: null } }, select: { organizationId: true } });
  if (!owner) return null;
  const enforcement = await db.ssoEnforcement.findUnique({ where: { organizationId: owner.organizationId }, select: { enforced: true, breakGlassUserId: true } });
  return enforcement?.enforced && enforcement.breakGlassUserId !== userId ? owner.organizationId : null;
}

/**
 * Sends a reset link when the address belongs to an active account that may use a password;
 * otherwise does nothing visible. Resolves the same way in every case but one: too many
 * requests for the address or from the IP (TOO_MANY_REQUESTS, whoever the address belongs to).
 */
export async function requestPasswordReset(db: Db, input: { email: string }, meta: RequestMeta, links: { publicUrl: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const anonymous = { type: "anonymous" as const, label: email, ...meta };
  const keys = resetKeys(email, meta.ip);
  const locked = await lockedForSeconds(db, keys);
  if (locked > 0) {
    await recordAudit(db, anonymous, { action: "auth.password_reset_request", organizationId: null, status: "denied", resource: { type: "user" }, details: { reason: "throttled", retryAfterSeconds: locked } });
    throw new AppError("TOO_MANY_REQUESTS", { userMessage: "Too many reset requests. Try again later.", retryAfterSeconds: locked });
  }
  await db.$transaction(async (tx) => {
    await recordFailure(tx, keys); // every request counts, answered or not
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, status: true } });
    const refusal = !user ? "unknown_email" : user.status !== "active" ? "user_deactivated" : (await ssoEnforcedFor(tx, email, user.id)) ? "sso_enforced" : null;
    if (!user || refusal) {
      await recordAudit(tx, anonymous, { action: "auth.password_reset_request", organizationId: null, status: "denied", resource: { type: "user", id: user?.id ?? null }, details: { reason: refusal } });
      return;
    }
    const token = randomToken(20);
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + RESET_TOKEN_LIFETIME_MS);
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: sha256Hex(token), createdAt, expiresAt, requestedIp: meta.ip ?? null }, select: { id: true } });
    await enqueueEmail(tx, { ...passwordResetEmail({ name: user.name, resetUrl: resetUrl(links.publicUrl, token), expiresInMinutes: RESET_TOKEN_LIFETIME_MS / 60_000 }), to: user.email, organizationId: null });
    await recordAudit(tx, anonymous, { action: "auth.password_reset_request", organizationId: null, resource: { type: "user", id: user.id }, details: { expiresAt: expiresAt.toISOString() } });
  });
}

const INVALID_LINK = "This reset link is invalid, already used or expired. Ask for a new one.";

/**
 * Sets a new password with a reset token: once, before it expires, for an active account whose
 * organization does not enforce SSO. Ends all the person's sessions and device tokens.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }, meta: RequestMeta): Promise<{ email: string }> {
  const tokenHash = /^[a-z2-7]{32}$/.test(input.token) ? sha256Hex(input.token) : null;
  const passwordHash = await hashPassword(input.password);
  const outcome = await db.$transaction(async (tx) => {
    // Claimed atomically: of two requests with the same token, one wins.
    const [claimed] = tokenHash
      ? await tx.$queryRaw<{ user_id: string }[]>`
          UPDATE password_reset_tokens SET used_at = now()
           WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > now()
       RETURNING user_id::text`
      : [];
    const user = claimed ? await tx.user.findUnique({ where: { id: claimed.user_id }, select: { id: true, email: true, status: true } }) : null;
    const refusal = !user ? "invalid_token" : user.status !== "active" ? "user_deactivated" : (await ssoEnforcedFor(tx, user.email, user.id)) ? "sso_enforced" : null;
    if (!user || refusal) return { refusal, userId: user?.id ?? null, email: user?.email ?? null };
    await tx.user.update({ where: { id: user.id }, data: { passwordHash }, select: { id: true } });
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    const counts = await revokeUserSessions(tx, user.id);
    await requestBackchannelLogout(tx, user.id, "signed_out_everywhere");
    await clearFailures(tx, user.email);
    await recordAudit(tx, { type: "anonymous", label: user.email, ...meta }, { action: "auth.password_reset", organizationId: null, resource: { type: "user", id: user.id }, details: counts });
    return { refusal: null, userId: user.id, email: user.email };
  });
  if (outcome.refusal) {
    // Outside the (rolled-forward) claim: a refused reset still spends its token.
    await recordAudit(db, { type: "anonymous", label: outcome.email ?? "reset link", ...meta }, { action: "auth.password_reset", organizationId: null, status: "denied", resource: { type: "user", id: outcome.userId }, details: { reason: outcome.refusal } });
    if (outcome.refusal === "sso_enforced") throw new AppError("FORBIDDEN", { userMessage: "Your organization signs you in with single sign-on: your password is managed by its identity provider." });
    throw new AppError("BAD_REQUEST", { userMessage: INVALID_LINK });
  }
  return { email: outcome.email! };
}
