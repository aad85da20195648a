/**
 * Organization MFA policy: off, or required for password logins. A user who
 * is an active member of an organization that requires MFA — or of a
 * descendant of one — must pass (or enrol) a second factor after the password.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

export interface MfaPolicy {
  required: boolean;
  updatedAt: Date | null;
}

export async function getMfaPolicy(db: DbOrTx, organizationId: string): Promise<MfaPolicy> {
  const row = await db.mfaPolicy.findUnique({ where: { organizationId }, select: { required: true, updatedAt: true } });
  return { required: row?.required ?? false, updatedAt: row?.updatedAt ?? null };
}

export async function setMfaPolicy(db: Db, actor: Actor, organizationId: string, required: boolean): Promise<MfaPolicy> {
  return db.$transaction(async (tx) => {
    const before = await getMfaPolicy(tx, organizationId);
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const row = await tx.mfaPolicy.upsert({
      where: { organizationId },
      create: { organizationId, required, updatedById },
      update: { required, updatedById, updatedAt: new Date() },
      select: { required: true, updatedAt: true },
    });
    await recordAudit(tx, actor, {
      action: "mfa.policy_update",
      organizationId,
      resource: { type: "mfa_policy", id: organizationId },
      details: { before: before.required ? "required" : "off", after: required ? "required" : "off" },
    });
    return row;
  });
}

/** Whether any organization the user is an active member of (or one of its ancestors) requires MFA. */
export async function mfaRequiredFor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ required: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM memberships m
        JOIN organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
        JOIN mfa_policies p ON p.required
         AND p.organization_id = ANY (string_to_array(replace(o.path::text, '_', '-'), '.')::uuid[])
       WHERE m.user_id = ${userId}::uuid AND m.status = 'active') AS required`;
  return row?.required ?? false;
}
