/**
 * loadOrgAccess for many (person, organization) pairs in one statement: what
 * /v1/authorize needs for a batch of checks, however many people and
 * organizations it names. Each pair is answered exactly as loadOrgAccess
 * answers it (the same SELECT, joined laterally to the list of pairs), and
 * the answer also says whether the organization exists, so a caller needs no
 * separate existence query.
 *
 * The statement goes straight to node-postgres (queryRaw): it runs on every
 * decision, and Prisma's own work per call cost more than the query.
 */
import { Prisma, queryRaw, type DbOrTx } from "@atrium/db";
import { accessFromRow, orgAccessSelect, type AccessRow, type OrgAccess } from "./service.ts";

export interface AccessPair {
  userId: string;
  organizationId: string;
}

export interface PairAccess {
  /** The organization exists and is not deleted. */
  exists: boolean;
  /** loadOrgAccess's answer: null when the organization does not exist or no role of the person reaches it. */
  access: OrgAccess | null;
}

/** The key of a pair in loadOrgAccesses' answer. */
export const pairKey = (pair: AccessPair) => `${pair.userId}:${pair.organizationId}`;

/** The distinct pairs of a batch, in their first order: the `n`th of them is what pairAccessesSelect's column n numbers. */
export const distinctPairs = (pairs: readonly AccessPair[]): AccessPair[] => [...new Map(pairs.map((p) => [pairKey(p), p])).values()];

/**
 * The SELECT behind loadOrgAccesses for `distinct` (from distinctPairs): one
 * row per pair whose organization exists, with `n` (the pair's 1-based
 * position) and orgAccessSelect's columns. admitSecretKey (applications/limits.ts)
 * joins it to the secret key's statement so /v1/authorize sends one.
 */
export function pairAccessesSelect(distinct: readonly AccessPair[]): Prisma.Sql {
  return Prisma.sql`
      SELECT p.n::int AS n, acc.*
        FROM unnest(${distinct.map((p) => p.userId)}::uuid[], ${distinct.map((p) => p.organizationId)}::uuid[]) WITH ORDINALITY AS p(user_id, organization_id, n)
        CROSS JOIN LATERAL (${orgAccessSelect(Prisma.sql`p.user_id`, Prisma.sql`p.organization_id`)}) acc`;
}

/** loadOrgAccesses' answer from pairAccessesSelect's rows (rows without `n` are skipped). */
export function pairAccessesOf(distinct: readonly AccessPair[], rows: readonly (AccessRow & { n: number | null })[]): Map<string, PairAccess> {
  const answers = new Map<string, PairAccess>(distinct.map((p) => [pairKey(p), { exists: false, access: null }]));
  for (const row of rows) {
    if (row.n === null) continue;
    const pair = distinct[row.n - 1]!;
    answers.set(pairKey(pair), { exists: true, access: accessFromRow(row, pair.userId) });
  }
  return answers;
}

/** Every distinct pair's access, keyed by pairKey; ids must be UUIDs (callers validate them). */
export async function loadOrgAccesses(db: DbOrTx, pairs: readonly AccessPair[]): Promise<Map<string, PairAccess>> {
  const distinct = distinctPairs(pairs);
  if (distinct.length === 0) return new Map();
  return pairAccessesOf(distinct, await queryRaw<AccessRow & { n: number }>(db, pairAccessesSelect(distinct)));
}
