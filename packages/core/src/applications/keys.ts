/**
 * Application secret keys: `atrium_sk_live_` or `atrium_sk_test_` followed by
 * 32 random bytes in base64url, shown once. A live key may do everything /v1
 * offers; a test key only what changes nothing (decisions, reads, the event
 * feed) — see docs/INTEGRATION.md. Keys made before modes existed
 * (`atrium_sk_<random>`) are live. The database keeps the key's SHA-256 (the same
 * sha256Hex as API keys and SCIM tokens) and a visible prefix. A key is
 * looked up by its hash: the hash of a high-entropy secret reveals nothing
 * through lookup timing, so no secret is ever compared in application code.
 */
import { Prisma, queryRaw, type DbOrTx } from "@atrium/db";
import { randomBase64url, sha256Hex } from "../crypto.ts";

export const SECRET_KEY_PREFIX = "atrium_sk_";

/** Generated keys have 43 characters after the prefix; the development seed's `atrium_sk_demo_product` is shorter. */
const SECRET_KEY = /^atrium_sk_[A-Za-z0-9_-]{8,128}$/;

export type KeyMode = "test" | "live";
export const KEY_MODES = ["test", "live"] as const satisfies readonly KeyMode[];

const MODE_PREFIX = /^atrium_sk_(?:test|live)_/;

/** What people see of a key: its first 8 characters after `atrium_sk_` (after `atrium_sk_test_` / `atrium_sk_live_` for keys with a mode). */
export const visiblePrefix = (token: string) => token.slice(0, (MODE_PREFIX.exec(token)?.[0].length ?? SECRET_KEY_PREFIX.length) + 8);

export function newSecretKey(mode: KeyMode): { token: string; prefix: string; secretHash: string } {
  const token = `${SECRET_KEY_PREFIX}${mode}_${randomBase64url(32)}`;
  return { token, prefix: visiblePrefix(token), secretHash: sha256Hex(token) };
}

export interface AuthenticatedApplication {
  id: string;
  slug: string;
  name: string;
  keyId: string;
  keyPrefix: string;
  keyMode: KeyMode;
  rateLimit: { perMinute: number | null; burst: number | null };
}

export interface KeyRow {
  key_id: string;
  prefix: string;
  mode: KeyMode;
  id: string;
  slug: string;
  name: string;
  per_minute: number | null;
  burst: number | null;
}

/**
 * The live key whose hash is `secretHash`, as CTE `k` (columns of KeyRow), and
 * its last use written (at most once a minute) by the same statement.
 * Shared by authenticateSecretKey and admitSecretKey (limits.ts), which
 * appends the rate limit to it.
 */
export function liveKeyCte(secretHash: string): Prisma.Sql {
  return Prisma.sql`
    k AS (
      SELECT k.id AS key_uuid, k.id::text AS key_id, k.prefix, k.mode, a.id::text AS id, a.slug, a.name,
             a.rate_limit_per_minute AS per_minute, a.rate_limit_burst AS burst,
             (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
        FROM application_secret_keys k JOIN applications a ON a.id = k.application_id
       WHERE k.secret_hash = ${secretHash} AND k.revoked_at IS NULL
         AND (k.expires_at IS NULL OR k.expires_at > now()) AND a.archived_at IS NULL),
    touched AS (UPDATE application_secret_keys s SET last_used_at = now() FROM k WHERE s.id = k.key_uuid AND k.stale)`;
}

/** The SHA-256 a well-formed key is looked up by; null for anything that cannot be a key. */
export const secretKeyHash = (token: string): string | null => (SECRET_KEY.test(token) ? sha256Hex(token) : null);

export function applicationOf(row: KeyRow): AuthenticatedApplication {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    keyId: row.key_id,
    keyPrefix: row.prefix,
    keyMode: row.mode,
    rateLimit: { perMinute: row.per_minute, burst: row.burst },
  };
}

/**
 * The application a bearer secret key belongs to, or null when the key is
 * malformed, unknown, revoked, expired, or its application archived. One
 * statement (straight to node-postgres: it runs on every call); the key's
 * last use is written at most once a minute.
 */
export async function authenticateSecretKey(db: DbOrTx, token: string): Promise<AuthenticatedApplication | null> {
  const hash = secretKeyHash(token);
  if (!hash) return null;
  const [row] = await queryRaw<KeyRow>(db, Prisma.sql`WITH ${liveKeyCte(hash)}
    SELECT key_id, prefix, mode, id, slug, name, per_minute, burst FROM k`);
  return row ? applicationOf(row) : null;
}
