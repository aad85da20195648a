/**
 * Cuts a member's live access when they are deprovisioned: deletes the
 * user's sessions (a person offboarded by their employer signs in again, if
 * they still belong elsewhere) and revokes the API keys they created and the
 * device tokens they hold in the organization. Idempotent: nothing left to
 * revoke is a no-op.
 */
import type { DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

export interface RevokedAccess {
  sessions: number;
  apiKeys: number;
  deviceTokens: number;
}

export async function revokeMemberAccess(tx: DbOrTx, actor: Actor, organizationId: string, userId: string, reason: string): Promise<RevokedAccess> {
  const sessions = await tx.session.deleteMany({ where: { userId } });
  const apiKeys = await tx.apiKey.updateMany({ where: { organizationId, createdById: userId, revokedAt: null }, data: { revokedAt: new Date() } });
  const deviceTokens = await tx.deviceToken.updateMany({ where: { organizationId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  const revoked = { sessions: sessions.count, apiKeys: apiKeys.count, deviceTokens: deviceTokens.count };
  if (revoked.sessions + revoked.apiKeys + revoked.deviceTokens > 0) {
    await recordAudit(tx, actor, {
      action: "membership.access_revoke",
      organizationId,
      resource: { type: "user", id: userId },
      details: { reason, ...revoked },
    });
  }
  return revoked;
}
