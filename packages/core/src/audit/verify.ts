import type { DbOrTx } from "@atrium/db";

type Problem = "hash" | "link" | "gap" | "personal";

export interface ChainVerification {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /**
   * The first event that does not hold, if any: its content differs from its
   * hash ("hash"), it does not follow the previous event ("link", "gap"), or its
   * personal data differs from what it committed to ("personal").
   */
  firstBroken?: { seq: number; id: string; problem: Problem };
}

/**
 * Recomputes an organization's hash chain (or the platform chain, for null)
 * in the database and reports the first broken link.
 */
export async function verifyAuditChain(db: DbOrTx, organizationId: string | null): Promise<ChainVerification> {
  const rows = await db.$queryRaw<{ seq: bigint; id: string; problem: Problem | null; checked: bigint }[]>`
    WITH chain AS (
      SELECT seq, id, hash,
             audit_event_digest(prev_hash, organization_id, seq, id, occurred_at, action, status, actor_type,
               actor_id, impersonator_id, resource_type, resource_id, request_id, details, pii_digest) AS expected,
             pii_salt IS NULL OR pii_digest = audit_pii_digest(pii_salt, actor_label, ip, user_agent, personal) AS personal_ok,
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
               WHEN NOT personal_ok THEN 'personal'
               -- a gap (or a missing start) is fine only where retention recorded purging exactly it
               WHEN coalesce(previous_seq, 0) <> seq - 1 THEN
                 CASE WHEN EXISTS (SELECT 1 FROM audit_purges p
                                    WHERE p.organization_id = ${organizationId}::uuid
                                      AND p.from_seq = coalesce(previous_seq, 0) + 1 AND p.to_seq = seq - 1
                                      AND p.last_hash = prev_hash)
                      THEN NULL ELSE 'gap' END
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
