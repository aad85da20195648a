/**
 * Sessions as the Lucia guide describes them: a random token goes to the
 * client in an httpOnly cookie, only its SHA-256 is stored, expiry slides
 * forward while the session is used, and logout deletes the row.
 */
import { executeRaw, Prisma, queryRaw, type Db, type DbOrTx, type PlatformRole } from "@atrium/db";
import type { RequestMeta } from "../actor.ts";
import { randomToken, sha256Hex } from "../crypto.ts";

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_MS = SESSION_LIFETIME_MS / 2;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  platformRole: PlatformRole | null;
}

export interface ValidSession {
  id: string;
  /** The id the sessions page shows (the primary key is the token's hash). */
  publicId: string;
  expiresAt: Date;
  /** When the session passed a second factor; null for a password-only session. */
  mfaVerifiedAt: Date | null;
  user: SessionUser;
}

/** How often last_seen_at is written at most. */
const LAST_SEEN_EVERY_MS = 60_000;

export const generateSessionToken = () => randomToken(20);
export const sessionIdOf = sha256Hex;

/** How a session was authenticated (password unless an SSO connection signed the person in). */
export interface SessionOrigin {
  authMethod: "password" | "saml" | "oidc" | "other";
  ssoConnectionId?: string | null;
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  meta: RequestMeta,
  options: { mfaVerifiedAt?: Date | null; origin?: SessionOrigin } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.session.create({
    data: {
      id: sessionIdOf(token),
      userId,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      lastSeenAt: now,
      mfaVerifiedAt: options.mfaVerifiedAt ?? null,
      ...(options.origin ? { authMethod: options.origin.authMethod, ssoConnectionId: options.origin.ssoConnectionId ?? null } : {}),
    },
    select: { id: true },
  });
  return { token, expiresAt };
}

/**
 * The session and user for a token, or null when unknown, expired or the user
 * is deactivated. Runs on every authenticated request, so it is one query, on
 * the direct pg path (@atrium/db direct.ts) rather than through the ORM.
 */
export async function validateSessionToken(db: Db, token: string): Promise<ValidSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const [row] = await queryRaw<SessionRow>(
    db,
    Prisma.sql`
      SELECT ${SESSION_COLUMNS}
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${id}`,
  );
  return row ? settleSession(db, id, row) : null;
}

/** A session row as the lookups select it (validateSessionToken, sessionWithOrgAccess). */
export type SessionRow = SessionUser & {
  expiresAt: Date;
  createdAt: Date;
  active: boolean;
  publicId: string;
  mfaVerifiedAt: Date | null;
  lastSeenAt: Date | null;
  /** The strictest session policy over the person's organizations (security/session-policy.ts); null: none. */
  idleTimeoutMinutes: number | null;
  maxLifetimeHours: number | null;
};

/**
 * The strictest session policy value (`column` of session_policies) among the organizations the
 * person is an active member of and their ancestors.
 */
const strictestPolicy = (column: "idle_timeout_minutes" | "max_lifetime_hours") => Prisma.sql`(
  SELECT min(p.${Prisma.raw(column)}) FROM memberships m
    JOIN organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
    JOIN session_policies p ON p.organization_id = ANY (string_to_array(replace(o.path::text, '_', '-'), '.')::uuid[])
   WHERE m.user_id = u.id AND m.status = 'active')`;

/** The session columns of `sessions s JOIN users u` for a SessionRow. */
export const SESSION_COLUMNS = Prisma.sql`s.expires_at AS "expiresAt", s.created_at AS "createdAt", s.public_id::text AS "publicId", s.mfa_verified_at AS "mfaVerifiedAt",
           s.last_seen_at AS "lastSeenAt", u.id::text AS id, u.email::text AS email, u.name,
           u.platform_role::text AS "platformRole", u.status = 'active' AS active,
           ${strictestPolicy("idle_timeout_minutes")}::int AS "idleTimeoutMinutes", ${strictestPolicy("max_lifetime_hours")}::int AS "maxLifetimeHours"`;

/**
 * Whether the session policy ends this session now: unused for longer than the idle timeout
 * (measured from last_seen_at, written at most once a minute, so a session may end up to a
 * minute early, never late), or older than the maximum lifetime.
 */
export function endedByPolicy(row: Pick<SessionRow, "createdAt" | "lastSeenAt" | "idleTimeoutMinutes" | "maxLifetimeHours">, now: number): boolean {
  if (row.maxLifetimeHours !== null && now - row.createdAt.getTime() >= row.maxLifetimeHours * 3_600_000) return true;
  const lastActive = (row.lastSeenAt ?? row.createdAt).getTime();
  return row.idleTimeoutMinutes !== null && now - lastActive >= row.idleTimeoutMinutes * 60_000;
}

/**
 * Applies the session rules to a row found by its id: an expired session, one
 * of a deactivated user, or one its organizations' session policy ends is
 * deleted (null); a session past half its
 * lifetime slides forward; last_seen_at is written at most once a minute
 * (`onTouched` hears of it, for a cache holding the row).
 */
export async function settleSession(db: Db, id: string, row: SessionRow, onTouched?: (touched: Pick<SessionRow, "expiresAt" | "lastSeenAt">) => void): Promise<ValidSession | null> {
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || !row.active || endedByPolicy(row, now)) {
    await executeRaw(db, Prisma.sql`DELETE FROM sessions WHERE id = ${id}`);
    return null;
  }
  // A maximum lifetime caps the sliding expiry (and so the cookie's).
  const cap = row.maxLifetimeHours === null ? Infinity : row.createdAt.getTime() + row.maxLifetimeHours * 3_600_000;
  let expiresAt = new Date(Math.min(row.expiresAt.getTime(), cap));
  const renew = expiresAt.getTime() < cap && expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS;
  if (renew) expiresAt = new Date(Math.min(now + SESSION_LIFETIME_MS, cap));
  if (renew || !row.lastSeenAt || now - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    const lastSeenAt = new Date(now);
    // The expiry is written only when it slides: a change of expires_at is announced to every instance's cache, last_seen_at is not.
    await executeRaw(
      db,
      renew
        ? Prisma.sql`UPDATE sessions SET expires_at = ${expiresAt}, last_seen_at = ${lastSeenAt} WHERE id = ${id}`
        : Prisma.sql`UPDATE sessions SET last_seen_at = ${lastSeenAt} WHERE id = ${id}`,
    );
    onTouched?.({ expiresAt, lastSeenAt });
  }
  return {
    id,
    publicId: row.publicId,
    expiresAt,
    mfaVerifiedAt: row.mfaVerifiedAt,
    user: { id: row.id, email: row.email, name: row.name, platformRole: row.platformRole },
  };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}
