/**
 * What the next audit purge would delete if audit events were kept for `days`: the same rule as
 * `purgeAuditEvents` (only the prefix of the chain before the first retained event, never an event
 * a legal hold covers), counted without deleting. Shown to an admin before they shorten retention.
 */
import type { Db, Prisma } from "@atrium/db";

const DAY_MS = 86_400_000;

/** Events a legal hold covers (SQL on the alias `e`; the organization is parameter $1). */
export const HELD = `EXISTS (
  SELECT 1 FROM legal_holds h
   WHERE h.organization_id = $1::uuid AND h.released_at IS NULL
     AND (h.actor_id IS NULL OR h.actor_id = e.actor_id)
     AND (h.from_at IS NULL OR e.occurred_at >= h.from_at)
     AND (h.to_at IS NULL OR e.occurred_at < h.to_at))`;

export interface PurgePreview {
  /** Events the next purge would delete. */
  events: number;
  /** Events past the period that legal holds keep. */
  held: number;
}

export async function auditPurgePreview(db: Db | Prisma.TransactionClient, organizationId: string, days: number, now = new Date()): Promise<PurgePreview> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const [row] = await db.$queryRawUnsafe<{ events: bigint; held: bigint }[]>(
    `WITH bound AS (
       SELECT coalesce(
         (SELECT min(seq) FROM audit_events WHERE organization_id = $1::uuid AND occurred_at >= $2),
         (SELECT coalesce(max(seq), 0) + 1 FROM audit_events WHERE organization_id = $1::uuid)) - 1 AS last)
     SELECT
       (SELECT count(*) FROM audit_events e, bound WHERE e.organization_id = $1::uuid AND e.seq <= bound.last AND NOT ${HELD}) AS events,
       (SELECT count(*) FROM audit_events e WHERE e.organization_id = $1::uuid AND e.occurred_at < $2 AND ${HELD}) AS held`,
    organizationId,
    cutoff,
  );
  return { events: Number(row?.events ?? 0), held: Number(row?.held ?? 0) };
}
