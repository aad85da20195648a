/**
 * API keys: scoped to a permission set within one organization, shown once,
 * stored as a SHA-256 with a visible prefix (`atr_xxxxxxxx`). A request with
 * `Authorization: Bearer atr_…` acts as the key: only on its organization,
 * only with its permissions, within the organization's rate limit.
 */
import type { Db } from "@atrium/db";
import { RATE_LIMITS, type Permission, type Plan } from "@atrium/rbac";
import type { Actor, RequestMeta } from "../actor.ts";
import { ORG_POLICY_COLUMNS, organizationOf, type OrgAccess, type OrgPolicyRow } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { AppError, notFound } from "../errors.ts";
import { assertQuota } from "../plans/service.ts";

const TOKEN = /^(atr_[a-z2-7]{8})_[a-z2-7]{52}$/;

function newSecret(): { token: string; prefix: string } {
  const prefix = `atr_${randomToken(5)}`;
  return { prefix, token: `${prefix}_${randomToken(32)}` };
}

export async function listApiKeys(db: Db, organizationId: string) {
  return db.apiKey.findMany({
    where: { organizationId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      permissions: true,
      expiresAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      revokedAt: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
}

export async function createApiKey(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  granter: ReadonlySet<string>,
  input: { name: string; permissions: Permission[]; expiresAt: Date | null },
): Promise<{ id: string; token: string; prefix: string }> {
  const lacking = input.permissions.filter((p) => !granter.has(p));
  if (lacking.length) throw new AppError("FORBIDDEN", { userMessage: `A key cannot have permissions you do not hold: ${lacking.join(", ")}.` });
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError("BAD_REQUEST", { userMessage: "Choose an expiry in the future." });
  const organizationId = access.organization.id;
  return db.$transaction(async (tx) => {
    await assertQuota(tx, organizationId, access.organization.plan, "api_keys");
    const { token, prefix } = newSecret();
    const key = await tx.apiKey.create({
      data: {
        organizationId,
        name: input.name,
        prefix,
        secretHash: sha256Hex(token),
        permissions: input.permissions,
        expiresAt: input.expiresAt,
        createdById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "api_key.create",
      organizationId,
      resource: { type: "api_key", id: key.id },
      details: { name: input.name, prefix, permissions: input.permissions, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { id: key.id, token, prefix };
  });
}

export async function rotateApiKey(db: Db, actor: Actor, organizationId: string, keyId: string): Promise<{ token: string; prefix: string }> {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, organizationId, revokedAt: null }, select: { prefix: true } });
    if (!key) throw notFound("The API key");
    const { token, prefix } = newSecret();
    await tx.apiKey.update({ where: { id: keyId }, data: { prefix, secretHash: sha256Hex(token) }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "api_key.rotate",
      organizationId,
      resource: { type: "api_key", id: keyId },
      details: { previousPrefix: key.prefix, prefix },
    });
    return { token, prefix };
  });
}

export async function revokeApiKey(db: Db, actor: Actor, organizationId: string, keyId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, organizationId, revokedAt: null }, select: { prefix: true, name: true } });
    if (!key) throw notFound("The API key");
    await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "api_key.revoke", organizationId, resource: { type: "api_key", id: keyId }, details: { ...key } });
  });
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  prefix: string;
  organizationId: string;
  permissions: Permission[];
}

/** The key a bearer token belongs to, if it is valid, unrevoked and unexpired (its last use is recorded at most once a minute). */
export async function authenticateApiKey(db: Db, token: string, meta: RequestMeta): Promise<ApiKeyPrincipal | null> {
  if (!TOKEN.test(token)) return null;
  const key = await db.apiKey.findUnique({
    where: { secretHash: sha256Hex(token) },
    select: { id: true, name: true, prefix: true, organizationId: true, permissions: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) return null;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(), lastUsedIp: meta.ip ?? null }, select: { id: true } });
  }
  return { id: key.id, name: key.name, prefix: key.prefix, organizationId: key.organizationId, permissions: key.permissions as Permission[] };
}

export const apiKeyActor = (key: ApiKeyPrincipal, meta: RequestMeta): Actor => ({
  type: "api_key",
  keyId: key.id,
  label: `${key.name} (${key.prefix})`,
  ...meta,
});

/** The key's access to its organization: a role made of exactly its permissions. */
export async function loadApiKeyAccess(db: Db, key: ApiKeyPrincipal): Promise<OrgAccess | null> {
  const [org] = await db.$queryRaw<OrgPolicyRow[]>`
    SELECT ${ORG_POLICY_COLUMNS} FROM organizations o WHERE o.id = ${key.organizationId}::uuid AND o.deleted_at IS NULL`;
  if (!org) return null;
  const role = { id: key.id, name: `API key ${key.name}`, permissions: key.permissions };
  return {
    organization: organizationOf(org),
    role: { key: key.id, name: role.name, custom: true },
    subject: { id: key.id, roles: [{ organizationId: org.id, role }] },
    products: org.products,
  };
}

/**
 * Counts one request against the organization's rate limit (its own setting,
 * or the plan's default). Throws TOO_MANY_REQUESTS with the wait when the
 * bucket is empty. Buckets live in PostgreSQL so every API instance shares them.
 */
export async function takeRateLimit(db: Db, organizationId: string): Promise<void> {
  const [org] = await db.$queryRaw<{ plan: Plan; per_minute: number | null; burst: number | null }[]>`
    SELECT plan::text AS plan, rate_limit_per_minute AS per_minute, rate_limit_burst AS burst FROM organizations WHERE id = ${organizationId}::uuid`;
  if (!org) return;
  const perMinute = org.per_minute ?? RATE_LIMITS[org.plan].perMinute;
  const burst = org.burst ?? RATE_LIMITS[org.plan].burst;
  const [row] = await db.$queryRaw<{ wait: number }[]>`SELECT rate_limit_take(${`org:${organizationId}`}, ${perMinute}::int, ${burst}::int) AS wait`;
  if (row && row.wait > 0) {
    throw new AppError("TOO_MANY_REQUESTS", {
      userMessage: `Rate limit of ${perMinute} requests a minute exceeded. Retry shortly.`,
      retryAfterSeconds: Math.max(1, Math.ceil(row.wait)),
    });
  }
}

export async function setRateLimit(db: Db, actor: Actor, organizationId: string, limit: { perMinute: number | null; burst: number | null }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { rateLimitPerMinute: true, rateLimitBurst: true } });
    await tx.organization.update({ where: { id: organizationId }, data: { rateLimitPerMinute: limit.perMinute, rateLimitBurst: limit.burst }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "rate_limit.update",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { before: { perMinute: before.rateLimitPerMinute, burst: before.rateLimitBurst }, after: { ...limit } },
    });
  });
}
