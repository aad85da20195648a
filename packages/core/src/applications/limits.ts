/**
 * Per-application rate limit and idempotency keys of /v1. Both live in
 * PostgreSQL so every API instance shares them: the rate limit is the token
 * bucket of rate_limit_take() (the one API keys and SCIM use), keyed by the
 * application; an idempotency key row remembers the first answer to a POST.
 */
import { Prisma, queryRaw, type DbOrTx } from "@atrium/db";
import { distinctPairs, pairAccessesOf, pairAccessesSelect, tokenPairAccessesOf, tokenPairAccessesSelect, type AccessPair, type PairAccess, type TokenPair } from "../access/batch.ts";
import { tokenJson, type AccessTokenReadAhead } from "../oidc-provider/token-read-ahead.ts";
import type { AccessRow } from "../access/service.ts";
import { applicationOf, liveKeyCte, secretKeyHash, type AuthenticatedApplication, type KeyRow } from "./keys.ts";

/** An application's limit unless staff set its own: requests a minute, and the burst it may spend at once. */
export const APPLICATION_RATE_LIMIT = { perMinute: 6000, burst: 1000 } as const;

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds to wait before retrying; null when this request was allowed. */
  retryAfterSeconds: number | null;
}

interface BucketRow {
  wait: number;
  remaining: number;
  full_in: number;
}

function stateOf(row: BucketRow | undefined, burst: number): RateLimitState {
  const wait = row?.wait ?? 0;
  return {
    limit: burst,
    remaining: Math.max(0, Math.floor(row?.remaining ?? burst)),
    resetSeconds: Math.max(0, Math.ceil(row?.full_in ?? 0)),
    retryAfterSeconds: wait > 0 ? Math.max(1, Math.ceil(wait)) : null,
  };
}

export async function takeApplicationRateLimit(db: DbOrTx, app: AuthenticatedApplication): Promise<RateLimitState> {
  const perMinute = app.rateLimit.perMinute ?? APPLICATION_RATE_LIMIT.perMinute;
  const burst = app.rateLimit.burst ?? APPLICATION_RATE_LIMIT.burst;
  const [row] = await db.$queryRaw<BucketRow[]>`
    SELECT wait, remaining, full_in FROM rate_limit_take_with_state(${`app:${app.id}`}, ${perMinute}::int, ${burst}::int)`;
  return stateOf(row, burst);
}

/** The rate-limit bucket of the live key's application (`k`, liveKeyCte), taken once. Built once: it never varies. */
const BUCKET_OF_K = Prisma.sql`rate_limit_take_with_state('app:' || k.id,
  coalesce(k.per_minute, ${APPLICATION_RATE_LIMIT.perMinute}::int), coalesce(k.burst, ${APPLICATION_RATE_LIMIT.burst}::int))`;

/** What admitSecretKey answers for a live key. */
export interface Admission {
  application: AuthenticatedApplication;
  limit: RateLimitState;
  /** loadOrgAccesses' answer for the pairs given to admitSecretKey (empty without pairs); a token pair's under its person's id. */
  accesses: Map<string, PairAccess>;
  /** Each access token of the token pairs as read ahead (null: no live access token by that value), for accessTokenPrincipal. */
  tokens: Map<string, AccessTokenReadAhead | null>;
}

/** admitSecretKey's row with pairs: the key's columns renamed apart from orgAccessSelect's, then one access row (or none). */
interface AdmissionRow extends BucketRow, Partial<AccessRow> {
  key_id: string;
  key_prefix: string;
  key_mode: KeyRow["mode"];
  application_id: string;
  application_slug: string;
  application_name: string;
  per_minute: number | null;
  burst: number | null;
  n: number | null;
  token_user_id?: string | null;
  access_tokens?: Record<string, AccessTokenReadAhead | null> | null;
}

/**
 * What the /v1 guard does first, in one statement (one round trip, straight
 * to node-postgres): the application of a live secret key
 * (authenticateSecretKey) and a token from its rate-limit bucket
 * (takeApplicationRateLimit). Null, and no token taken, when the key is not
 * live. Nothing is cached: a revoked key is refused by the next request on
 * every instance.
 *
 * With `pairs` (POST /v1/authorize, which authenticates itself after reading
 * its body), the same statement also loads every (person, organization)
 * pair's access as loadOrgAccesses does, so a decision costs one round trip
 * in all. The accesses are read only once the key is found live; the caller
 * uses them only when the request is admitted (not for a 429). `tokenPairs`
 * (checks naming an access token) are answered in the same statement: each
 * token read ahead as the provider stores it (with its grant and the grant's
 * organization), and the access of the token's person in the check's
 * organization; the caller decides whether the token counts
 * (accessTokenPrincipal with what was read ahead).
 */
export async function admitSecretKey(db: DbOrTx, token: string, pairs: readonly AccessPair[] = [], tokenPairs: readonly TokenPair[] = []): Promise<Admission | null> {
  const hash = secretKeyHash(token);
  if (!hash) return null;
  const distinct = distinctPairs(pairs);
  const distinctTokenPairs = [...new Map(tokenPairs.map((p) => [`${p.accessToken}:${p.organizationId}`, p])).values()];
  const tokens = [...new Set(tokenPairs.map((p) => p.accessToken))];
  if (distinct.length === 0 && tokens.length === 0) {
    const [row] = await queryRaw<KeyRow & BucketRow>(
      db,
      Prisma.sql`WITH ${liveKeyCte(hash)}
      SELECT k.key_id, k.prefix, k.mode, k.id, k.slug, k.name, k.per_minute, k.burst, r.wait, r.remaining, r.full_in
        FROM k CROSS JOIN LATERAL ${BUCKET_OF_K} r`,
    );
    if (!row) return null;
    const application = applicationOf(row);
    return { application, limit: stateOf(row, application.rateLimit.burst ?? APPLICATION_RATE_LIMIT.burst), accesses: new Map(), tokens: new Map() };
  }
  const withTokens = tokens.length > 0;
  const pairSelects = [
    ...(distinct.length ? [pairAccessesSelect(distinct, withTokens)] : []),
    ...(withTokens ? [tokenPairAccessesSelect(distinctTokenPairs, distinct.length)] : []),
  ];
  const readAhead = withTokens
    ? Prisma.sql`, (SELECT jsonb_object_agg(x.token, ${tokenJson("AccessToken", Prisma.sql`x.token`, { organization: true })}) FROM unnest(${tokens}::text[]) x(token)) AS access_tokens`
    : Prisma.empty;
  const rows = await queryRaw<AdmissionRow>(
    db,
    Prisma.sql`WITH ${liveKeyCte(hash)},
      admitted AS MATERIALIZED (
        SELECT k.key_id, k.prefix AS key_prefix, k.mode AS key_mode, k.id AS application_id, k.slug AS application_slug,
               k.name AS application_name, k.per_minute, k.burst, r.wait, r.remaining, r.full_in ${readAhead}
          FROM k CROSS JOIN LATERAL ${BUCKET_OF_K} r)
      SELECT a.*, x.* FROM admitted a LEFT JOIN LATERAL (${Prisma.join(pairSelects, " UNION ALL ")}) x ON true`,
  );
  const [first] = rows;
  if (!first) return null;
  const accessRows = rows as (AccessRow & { n: number | null; token_user_id?: string | null })[];
  const accesses = pairAccessesOf(distinct, accessRows);
  if (withTokens) tokenPairAccessesOf(distinctTokenPairs, distinct.length, accessRows, accesses);
  const application = applicationOf({
    key_id: first.key_id,
    prefix: first.key_prefix,
    mode: first.key_mode,
    id: first.application_id,
    slug: first.application_slug,
    name: first.application_name,
    per_minute: first.per_minute,
    burst: first.burst,
  });
  return {
    application,
    limit: stateOf(first, application.rateLimit.burst ?? APPLICATION_RATE_LIMIT.burst),
    accesses,
    tokens: new Map(tokens.map((t) => [t, first.access_tokens?.[t] ?? null])),
  };
}

/** How long an idempotency key counts. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

export type IdempotencyClaim =
  | { state: "new" }
  | { state: "replay"; status: number; body: unknown }
  | { state: "conflict" }
  | { state: "in_progress" };

/**
 * Claims `key` for a request whose method, path and body hash to
 * `requestHash`: new (the caller runs the request, then completes or releases
 * the key), replay (the same request was answered: here is the answer),
 * conflict (the key was used for another request) or in progress.
 * A key older than the window is claimed afresh.
 */
export async function claimIdempotencyKey(db: DbOrTx, applicationId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  const claimed = await db.$queryRaw<{ claimed: boolean }[]>`
    INSERT INTO idempotency_keys (application_id, key, request_hash) VALUES (${applicationId}::uuid, ${key}, ${requestHash})
    ON CONFLICT (application_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL, created_at = now()
     WHERE idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS}::int)
    RETURNING true AS claimed`;
  if (claimed.length) return { state: "new" };
  const [row] = await db.$queryRaw<{ request_hash: string; response_status: number | null; response_body: unknown }[]>`
    SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE application_id = ${applicationId}::uuid AND key = ${key}`;
  if (!row) return claimIdempotencyKey(db, applicationId, key, requestHash);
  if (row.request_hash !== requestHash) return { state: "conflict" };
  if (row.response_status === null) return { state: "in_progress" };
  return { state: "replay", status: row.response_status, body: row.response_body };
}

export async function completeIdempotencyKey(db: DbOrTx, applicationId: string, key: string, status: number, body: unknown): Promise<void> {
  await db.$executeRaw`
    UPDATE idempotency_keys SET response_status = ${status}, response_body = ${JSON.stringify(body)}::jsonb
     WHERE application_id = ${applicationId}::uuid AND key = ${key} AND response_status IS NULL`;
}

/** Forgets a claimed key whose request did not produce an answer worth replaying (a server error, a throttled request). */
export async function releaseIdempotencyKey(db: DbOrTx, applicationId: string, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM idempotency_keys WHERE application_id = ${applicationId}::uuid AND key = ${key} AND response_status IS NULL`;
}
