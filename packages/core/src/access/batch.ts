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
export function pairAccessesSelect(distinct: readonly AccessPair[], withTokenColumn = false): Prisma.Sql {
  return Prisma.sql`
      SELECT p.n::int AS n, ${withTokenColumn ? Prisma.sql`NULL::text AS token_user_id,` : Prisma.empty} acc.*
        FROM unnest(${distinct.map((p) => p.userId)}::uuid[], ${distinct.map((p) => p.organizationId)}::uuid[]) WITH ORDINALITY AS p(user_id, organization_id, n)
        CROSS JOIN LATERAL (${orgAccessSelect(Prisma.sql`p.user_id`, Prisma.sql`p.organization_id`)}) acc`;
}

/**
 * A pair whose person is the one an access token of Atrium's OpenID Provider
 * stands for: the live AccessToken record's `accountId`, read in the same
 * statement (the caller still checks the token as the provider does before
 * using the answer: an access read for a token that turns out not to count is
 * never used).
 */
export interface TokenPair {
  accessToken: string;
  organizationId: string;
}

const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * pairAccessesSelect for TokenPairs, to be joined to it with UNION ALL: rows
 * numbered from `offset + 1`, with `token_user_id` (the token's person; the
 * user-id select gives NULL there when `withTokenColumn`).
 */
export function tokenPairAccessesSelect(pairs: readonly TokenPair[], offset: number): Prisma.Sql {
  return Prisma.sql`
      SELECT (p.n + ${offset}::int)::int AS n, u.user_id::text AS token_user_id, acc.*
        FROM unnest(${pairs.map((p) => p.accessToken)}::text[], ${pairs.map((p) => p.organizationId)}::uuid[]) WITH ORDINALITY AS p(token, organization_id, n)
        CROSS JOIN LATERAL (SELECT (t.payload->>'accountId')::uuid AS user_id FROM oidc_provider_records t
                             WHERE t.model = 'AccessToken' AND t.id = p.token AND (t.expires_at IS NULL OR t.expires_at > now())
                               AND t.payload->>'accountId' ~* ${UUID_PATTERN}) u
        CROSS JOIN LATERAL (${orgAccessSelect(Prisma.sql`u.user_id`, Prisma.sql`p.organization_id`)}) acc`;
}

/** The rows of tokenPairAccessesSelect (numbered after `offset`) added to `into`, keyed by pairKey of the token's person and the pair's organization. */
export function tokenPairAccessesOf(
  pairs: readonly TokenPair[],
  offset: number,
  rows: readonly (AccessRow & { n: number | null; token_user_id?: string | null })[],
  into: Map<string, PairAccess>,
): void {
  for (const row of rows) {
    if (row.n === null || row.n <= offset || !row.token_user_id) continue;
    const pair = pairs[row.n - offset - 1]!;
    into.set(pairKey({ userId: row.token_user_id, organizationId: pair.organizationId }), { exists: true, access: accessFromRow(row, row.token_user_id) });
  }
}

/** loadOrgAccesses' answer from pairAccessesSelect's rows (rows without `n` are skipped). */
export function pairAccessesOf(distinct: readonly AccessPair[], rows: readonly (AccessRow & { n: number | null })[]): Map<string, PairAccess> {
  const answers = new Map<string, PairAccess>(distinct.map((p) => [pairKey(p), { exists: false, access: null }]));
  for (const row of rows) {
    if (row.n === null || row.n > distinct.length) continue;
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
