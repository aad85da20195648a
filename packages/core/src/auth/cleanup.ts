import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

/** Deletes expired sessions, MFA challenges, old device codes and stale throttle rows; audits how many sessions went. */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { expiresAt: { lte: now } } });
    // Second-factor challenges and device codes that can no longer be used (device codes kept a day for the poll answers).
    await tx.mfaChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
    await tx.deviceAuthorization.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - 24 * 3600_000) } } });
    await tx.loginThrottle.deleteMany({
      where: { OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }], windowStartedAt: { lte: new Date(now.getTime() - 24 * 3600_000) } },
    });
    if (count > 0) {
      await recordAudit(tx, systemActor("session-cleanup"), {
        action: "session.purge_expired",
        organizationId: null,
        resource: { type: "session" },
        details: { deleted: count },
      });
    }
    return count;
  });
}
