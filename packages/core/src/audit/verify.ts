import type { DbOrTx } from "@atrium/db";

export interface ChainVerification {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /** The first event whose link or hash does not hold, if any. */
  firstBroken?: { seq: number; id: string; problem: "hash" | "link" | "gap" };
}

/**
 * Recomputes an organization's hash chain (or the platform chain, for null)
 * in the database and reports the first broken link.
 */
export async function verifyAuditChain(db: DbOrTx, organizationId: string | null): Promise<ChainVerification> {
  const rows = await db.$queryRaw<{ seq: bigint; id: string; problem: "hash" | "link" | "gap" | null; checked: bigint }[]>`
    WITH chain AS (
      SELECT seq, id, hash,
             audit_event_digest(prev_hash, organization_id, seq, id, occurred_at, action, status, actor_type,
               actor_id, actor_label, impersonator_id, resource_type, resource_id, ip, user_agent, request_id,
               details) AS expected,
             prev_hash,
             lag(hash) OVER w AS previous_hash,
             lag(seq) OVER w AS previous_seq,
             min(seq) OVER () AS first_seq
        FROM audit_events
       WHERE organization_id IS NOT DISTINCT FROM ${organizationId}::uuid
      WINDOW w AS (ORDER BY seq)
    ), checks AS (
      SELECT seq, id,
             CASE
               WHEN hash <> expected THEN 'hash'
               WHEN previous_seq IS NOT NULL AND seq <> previous_seq + 1 THEN 'gap'
               WHEN previous_hash IS NOT NULL AND prev_hash <> previous_hash THEN 'link'
               WHEN previous_hash IS NULL AND seq = 1 AND prev_hash <> decode(repeat('00', 32), 'hex') THEN 'link'
             END AS problem
        FROM chain
    )
    SELECT (SELECT count(*) FROM checks) AS checked, seq, id::text AS id, problem
      FROM checks WHERE problem IS NOT NULL
     UNION ALL SELECT (SELECT count(*) FROM checks), NULL, NULL, NULL
     ORDER BY seq NULLS LAST LIMIT 1`;
  const row = rows[0]!;
  const checked = Number(row.checked);
  if (row.problem === null) return { ok: true, checked };
  return { ok: false, checked, firstBroken: { seq: Number(row.seq), id: row.id, problem: row.problem } };
}
