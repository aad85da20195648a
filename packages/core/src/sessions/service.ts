/**
 * Where a person is signed in: browser sessions and device tokens, listed
 * together, revocable one by one, all but the current one, or — by an admin
 * of an organization they belong to — all at once.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { OrgAccess } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { requestBackchannelLogout } from "../oidc-provider/backchannel.ts";
import { deviceClient } from "../device/clients.ts";
import { notFound } from "../errors.ts";
import { memberForSecurityChange } from "../mfa/service.ts";

export interface SessionRow {
  kind: "browser" | "device";
  id: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  mfa: boolean;
  current: boolean;
  /** Device tokens: the client, the organization and the scopes approved. */
  client: string | null;
  organization: { id: string; name: string } | null;
  scopes: string[];
  prefix: string | null;
}

export async function listMySessions(db: Db, userId: string, currentSessionId: string): Promise<SessionRow[]> {
  const now = new Date();
  const [sessions, tokens] = await Promise.all([
    db.session.findMany({
      where: { userId, expiresAt: { gt: now } },
      select: { id: true, publicId: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true, mfaVerifiedAt: true },
      orderBy: { createdAt: "desc" },
    }),
    db.$queryRaw<
      { id: string; clientId: string; orgId: string; orgName: string; scopes: string[]; prefix: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date; ip: string | null; lastUsedIp: string | null; userAgent: string | null; mfa: boolean }[]
    >`
      SELECT t.id::text, t.client_id AS "clientId", o.id::text AS "orgId", o.name AS "orgName", t.scopes, t.prefix,
             t.created_at AS "createdAt", t.last_used_at AS "lastUsedAt", t.expires_at AS "expiresAt", t.ip,
             t.last_used_ip AS "lastUsedIp", t.user_agent AS "userAgent", t.mfa_verified_at IS NOT NULL AS mfa
        FROM device_tokens t JOIN organizations o ON o.id = t.organization_id
       WHERE t.user_id = ${userId}::uuid AND t.revoked_at IS NULL AND t.expires_at > now()
       ORDER BY t.created_at DESC`,
  ]);
  return [
    ...sessions.map((s) => ({
      kind: "browser" as const,
      id: s.publicId,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent,
      mfa: s.mfaVerifiedAt !== null,
      current: s.id === currentSessionId,
      client: null,
      organization: null,
      scopes: [],
      prefix: null,
    })),
    ...tokens.map((t) => ({
      kind: "device" as const,
      id: t.id,
      createdAt: t.createdAt,
      lastSeenAt: t.lastUsedAt,
      expiresAt: t.expiresAt,
      ip: t.lastUsedIp ?? t.ip,
      userAgent: t.userAgent,
      mfa: t.mfa,
      current: false,
      client: deviceClient(t.clientId)?.name ?? t.clientId,
      organization: { id: t.orgId, name: t.orgName },
      scopes: t.scopes,
      prefix: t.prefix,
    })),
  ];
}

/** Revokes one of the user's own browser sessions or device tokens. */
export async function revokeMySession(db: Db, actor: Actor, userId: string, target: { kind: "browser" | "device"; id: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    if (target.kind === "browser") {
      const { count } = await tx.session.deleteMany({ where: { publicId: target.id, userId } });
      if (count === 0) throw notFound("The session");
      await recordAudit(tx, actor, { action: "session.revoke", organizationId: null, resource: { type: "session", id: target.id } });
      return;
    }
    const token = await tx.deviceToken.findFirst({
      where: { id: target.id, userId, revokedAt: null },
      select: { organizationId: true, prefix: true, clientId: true },
    });
    if (!token) throw notFound("The device token");
    await tx.deviceToken.update({ where: { id: target.id }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "device.token_revoke",
      organizationId: token.organizationId,
      resource: { type: "device_token", id: target.id },
      details: { prefix: token.prefix, clientId: token.clientId },
    });
  });
}

/**
 * Ends every session and device token of a user, in the caller's transaction.
 * The caller audits (SCIM deprovisioning, an admin's "sign out everywhere").
 */
export async function revokeUserSessions(tx: DbOrTx, userId: string, options: { exceptSessionId?: string } = {}): Promise<{ sessions: number; deviceTokens: number }> {
  const { count: sessions } = await tx.session.deleteMany({
    where: { userId, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
  });
  const { count: deviceTokens } = await tx.deviceToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return { sessions, deviceTokens };
}

/** Signs the user out everywhere but here (browser sessions and device tokens). */
export async function revokeMyOtherSessions(db: Db, actor: Actor, userId: string, currentSessionId: string) {
  return db.$transaction(async (tx) => {
    const counts = await revokeUserSessions(tx, userId, { exceptSessionId: currentSessionId });
    await requestBackchannelLogout(tx, userId, "signed_out_everywhere");
    await recordAudit(tx, actor, { action: "session.revoke_all", organizationId: null, resource: { type: "user", id: userId }, details: { scope: "others", ...counts } });
    return counts;
  });
}

/** An admin signs a member of their organization out everywhere. */
export async function revokeMemberSessions(db: Db, actor: Actor, access: OrgAccess, userId: string) {
  const member = await memberForSecurityChange(db, access, userId);
  return db.$transaction(async (tx) => {
    const counts = await revokeUserSessions(tx, userId);
    await requestBackchannelLogout(tx, userId, "signed_out_everywhere", access.organization.id);
    await recordAudit(tx, actor, {
      action: "session.revoke_all",
      organizationId: access.organization.id,
      resource: { type: "user", id: userId },
      details: { scope: "member", ...counts },
      personal: { email: member.email },
    });
    return counts;
  });
}
