/**
 * Organization session policy, as Okta and WorkOS offer it: an idle timeout
 * (a session unused this long ends) and a maximum lifetime (a session this old
 * ends however busy it is), each optional. A person's sessions follow the
 * strictest value among the organizations they are an active member of and
 * those organizations' ancestors (a parent's policy governs its subtree).
 *
 * Enforced where every session is looked up (settleSession, through the
 * SESSION_COLUMNS the lookups select): the lookups are cached per API
 * instance, and a change here is announced by the session_policies trigger,
 * so every instance applies it within the cache's second.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

export const IDLE_TIMEOUT_MINUTES = { min: 5, max: 10_080 } as const;
export const MAX_LIFETIME_HOURS = { min: 1, max: 720 } as const;

/** null: the platform default (no idle timeout; 30 days of sliding expiry). */
export const ZSessionPolicyInput = z
  .object({
    idleTimeoutMinutes: z
      .number({ error: "Enter the idle timeout in minutes." })
      .int({ error: "Enter the idle timeout in whole minutes." })
      .min(IDLE_TIMEOUT_MINUTES.min, { error: "The idle timeout is at least 5 minutes." })
      .max(IDLE_TIMEOUT_MINUTES.max, { error: "The idle timeout is at most 7 days (10,080 minutes)." })
      .nullable(),
    maxLifetimeHours: z
      .number({ error: "Enter the maximum session lifetime in hours." })
      .int({ error: "Enter the maximum lifetime in whole hours." })
      .min(MAX_LIFETIME_HOURS.min, { error: "The maximum lifetime is at least 1 hour." })
      .max(MAX_LIFETIME_HOURS.max, { error: "The maximum lifetime is at most 30 days (720 hours)." })
      .nullable(),
  })
  .refine((p) => p.idleTimeoutMinutes === null || p.maxLifetimeHours === null || p.idleTimeoutMinutes <= p.maxLifetimeHours * 60, {
    error: "The idle timeout cannot be longer than the maximum lifetime.",
    path: ["idleTimeoutMinutes"],
  });
export type TSessionPolicyInput = z.infer<typeof ZSessionPolicyInput>;

export interface SessionPolicy extends TSessionPolicyInput {
  updatedAt: Date | null;
}

export async function getSessionPolicy(db: DbOrTx, organizationId: string): Promise<SessionPolicy> {
  const row = await db.sessionPolicy.findUnique({ where: { organizationId }, select: { idleTimeoutMinutes: true, maxLifetimeHours: true, updatedAt: true } });
  return { idleTimeoutMinutes: row?.idleTimeoutMinutes ?? null, maxLifetimeHours: row?.maxLifetimeHours ?? null, updatedAt: row?.updatedAt ?? null };
}

export async function setSessionPolicy(db: Db, actor: Actor, organizationId: string, input: TSessionPolicyInput): Promise<SessionPolicy> {
  const policy = ZSessionPolicyInput.parse(input);
  return db.$transaction(async (tx) => {
    const before = await getSessionPolicy(tx, organizationId);
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const row = await tx.sessionPolicy.upsert({
      where: { organizationId },
      create: { organizationId, ...policy, updatedById },
      update: { ...policy, updatedById, updatedAt: new Date() },
      select: { idleTimeoutMinutes: true, maxLifetimeHours: true, updatedAt: true },
    });
    await recordAudit(tx, actor, {
      action: "security.session_policy_update",
      organizationId,
      resource: { type: "session_policy", id: organizationId },
      details: { before: { idleTimeoutMinutes: before.idleTimeoutMinutes, maxLifetimeHours: before.maxLifetimeHours }, after: policy },
    });
    return row;
  });
}
