/**
 * SCIM bearer tokens: several per organization, created by admins, the
 * secret shown once (`atrium_scim_<8-char prefix>_<52 chars>`), stored as a
 * SHA-256 with its visible prefix; optional expiry, last use, rotation and
 * revocation. A token acts only on its own organization.
 */
import { executeRaw, Prisma, queryRaw, type Db } from "@atrium/db";
import { featureState, type Feature, type Plan } from "@atrium/rbac";
import type { Actor, RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { AppError, notFound } from "../errors.ts";
import { SELECT_USER } from "./users.ts";

export const SCIM_TOKEN_PREFIX = "atrium_scim_";

/** SCIM's own flood guard per organization (IdPs retry 429 with backoff): generous, shared across API instances. */
export const SCIM_RATE_LIMIT = { perMinute: 120_000, burst: 2_000 };

function newSecret(): { token: string; prefix: string } {
  const prefix = `${SCIM_TOKEN_PREFIX}${randomToken(5)}`;
  return { prefix, token: `${prefix}_${randomToken(32)}` };
}

const creatorOf = (actor: Actor) => (actor.type === "user" || actor.type === "staff" ? actor.userId : null);

export async function listScimTokens(db: Db, organizationId: string) {
  return db.scimToken.findMany({
    where: { organizationId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, expiresAt: true, lastUsedAt: true, lastUsedIp: true, revokedAt: true, createdAt: true },
  });
}

export async function createScimToken(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { name: string; expiresAt: Date | null },
): Promise<{ id: string; token: string; prefix: string }> {
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError("BAD_REQUEST", { userMessage: "Choose an expiry in the future." });
  return db.$transaction(async (tx) => {
    const { token, prefix } = newSecret();
    const row = await tx.scimToken.create({
      data: { organizationId, name: input.name, prefix, secretHash: sha256Hex(token), expiresAt: input.expiresAt, createdById: creatorOf(actor) },
      select: { id: true },
    });
    await tx.scimConnection.upsert({ where: { organizationId }, create: { organizationId }, update: {}, select: { organizationId: true } });
    await recordAudit(tx, actor, {
      action: "scim.token_create",
      organizationId,
      resource: { type: "scim_token", id: row.id },
      details: { name: input.name, prefix, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, token, prefix };
  });
}

export async function rotateScimToken(db: Db, actor: Actor, organizationId: string, tokenId: string): Promise<{ token: string; prefix: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.scimToken.findFirst({ where: { id: tokenId, organizationId, revokedAt: null }, select: { prefix: true } });
    if (!row) throw notFound("The SCIM token");
    const { token, prefix } = newSecret();
    await tx.scimToken.update({ where: { id: tokenId }, data: { prefix, secretHash: sha256Hex(token) }, select: { id: true } });
    await recordAudit(tx, actor, { action: "scim.token_rotate", organizationId, resource: { type: "scim_token", id: tokenId }, details: { previousPrefix: row.prefix, prefix } });
    return { token, prefix };
  });
}

export async function revokeScimToken(db: Db, actor: Actor, organizationId: string, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.scimToken.findFirst({ where: { id: tokenId, organizationId, revokedAt: null }, select: { prefix: true, name: true } });
    if (!row) throw notFound("The SCIM token");
    await tx.scimToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "scim.token_revoke", organizationId, resource: { type: "scim_token", id: tokenId }, details: { ...row } });
  });
}

export interface ScimPrincipal {
  tokenId: string;
  prefix: string;
  organizationId: string;
  /** The plan includes SCIM (or an override enables it). */
  featureEnabled: boolean;
  archived: boolean;
}

/**
 * The token's organization, if the token is valid, unrevoked and unexpired
 * (last use recorded at most once a minute). The same statement takes one
 * request from the organization's SCIM rate limit: `rateLimitWait` > 0 means
 * refuse with 429 and that many seconds in Retry-After. It runs before every
 * SCIM request, so it goes straight to node-postgres (@atrium/db direct.ts).
 */
export async function authenticateScimToken(
  db: Db,
  token: string,
  meta: RequestMeta,
  /** A `userName eq` lookup's value (userNameLookup): its records are read by the same statement, in the token's organization. */
  userName: string | null = null,
): Promise<(ScimPrincipal & { rateLimitWait: number; userNameReadAhead?: { userName: string; rows: unknown[] } }) | null> {
  if (!token.startsWith(SCIM_TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await queryRaw<{
    id: string;
    prefix: string;
    organization_id: string;
    expires_at: Date | null;
    last_used_at: Date | null;
    plan: Plan;
    status: string;
    overrides: { feature: string; enabled: boolean; expiresAt: string | null }[];
    wait: number;
    users: unknown[] | null;
  }>(
    db,
    Prisma.sql`
      SELECT t.id::text, t.prefix, t.organization_id::text, t.expires_at, t.last_used_at, o.plan::text AS plan, o.status::text AS status,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('feature', f.feature, 'enabled', f.enabled, 'expiresAt', f.expires_at)), '[]')
                FROM feature_overrides f WHERE f.organization_id = o.id AND f.feature = 'scim') AS overrides,
             rate_limit_take('scim:' || t.organization_id::text, ${SCIM_RATE_LIMIT.perMinute}::int, ${SCIM_RATE_LIMIT.burst}::int) AS wait,
             CASE WHEN ${userName}::text IS NOT NULL THEN
               (SELECT coalesce(jsonb_agg(to_jsonb(u) ORDER BY u.created_at, u.id), '[]')
                  FROM (${Prisma.raw(SELECT_USER)} WHERE su.organization_id = t.organization_id AND su.user_name = ${userName}::citext) u)
             END AS users
        FROM scim_tokens t JOIN organizations o ON o.id = t.organization_id
       WHERE t.secret_hash = ${sha256Hex(token)} AND t.revoked_at IS NULL AND o.deleted_at IS NULL`,
  );
  if (!row || (row.expires_at && row.expires_at <= new Date())) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await executeRaw(db, Prisma.sql`UPDATE scim_tokens SET last_used_at = now(), last_used_ip = ${meta.ip ?? null} WHERE id = ${row.id}::uuid`);
  }
  const overrides = row.overrides.map((o) => ({ feature: o.feature as Feature, enabled: o.enabled, expiresAt: o.expiresAt ? new Date(o.expiresAt) : null }));
  return {
    tokenId: row.id,
    prefix: row.prefix,
    organizationId: row.organization_id,
    featureEnabled: featureState(row.plan, "scim", overrides).enabled,
    archived: row.status === "archived",
    rateLimitWait: row.wait,
    ...(userName !== null && row.users ? { userNameReadAhead: { userName, rows: row.users } } : {}),
  };
}

export const scimActor = (principal: ScimPrincipal, meta: RequestMeta): Actor => ({ type: "scim", tokenId: principal.tokenId, prefix: principal.prefix, ...meta });
