/**
 * An OpenID Provider that follows its signing keys in the database, so a
 * rotation (`npm run oidc:rotate-keys -w @atrium/core`, or `rotateSigningKeys`)
 * reaches every API and worker instance without a restart.
 *
 * oidc-provider takes its JWKS once, when it is built; its state lives in
 * PostgreSQL (adapter.ts) and its cookies are keyed by configuration, so a
 * freshly built provider carries on exactly where the previous one was. The
 * key set's version (which keys exist, in which status, and which retired keys
 * are still in their grace period) is read at most once per `checkEveryMs`,
 * by the first caller after that interval; when it changed, a new provider is
 * built with the new keys and replaces the old one for every later caller.
 * So within about a second of a rotation each instance publishes the new JWKS
 * and signs with the new active key; the retired key stays published
 * (signing-keys.ts) so what it signed still verifies.
 *
 * If the first build fails, the caller sees the error and the next call
 * tries again (the API answers 503 meanwhile). If a later check or rebuild
 * fails, the current provider keeps serving and the next check tries again.
 */
import { Prisma, type Db } from "@atrium/db";
import type Provider from "oidc-provider";
import { RETIRED_GRACE_MS } from "./signing-keys.ts";

export interface KeyFollowingOptions {
  /** How often, at most, the key set's version is read (ms). */
  checkEveryMs?: number;
  /** Told when a rebuild after a key change fails (the previous provider keeps serving). */
  onReloadError?: (error: unknown) => void;
}

/** A digest of the published key set: changes when a key is created, changes status, or leaves its grace period. */
export async function signingKeySetVersion(db: Db): Promise<string> {
  const graceStart = new Date(Date.now() - RETIRED_GRACE_MS);
  const [row] = await db.$queryRaw<{ version: string }[]>(Prisma.sql`
    SELECT md5(coalesce(string_agg(id::text || ':' || status, ',' ORDER BY id), '')) AS version
      FROM oidc_signing_keys
     WHERE status <> 'retired' OR retired_at > ${graceStart}`);
  return row!.version;
}

/** Returns `current()`: the provider built with the key set as it stands (checked at most once per interval). */
export function keyFollowingProvider(db: Db, build: () => Promise<Provider>, options: KeyFollowingOptions = {}): { current: () => Promise<Provider> } {
  const checkEveryMs = options.checkEveryMs ?? 1000;
  let live: { provider: Provider; version: string } | null = null;
  let checkedAt = 0;
  let inFlight: Promise<Provider> | null = null;

  async function refresh(): Promise<Provider> {
    try {
      // The version is read before the build: a rotation racing the build is seen at the next check.
      const version = await signingKeySetVersion(db);
      checkedAt = Date.now();
      if (live?.version !== version) live = { provider: await build(), version };
    } catch (error) {
      if (!live) throw error;
      checkedAt = Date.now();
      options.onReloadError?.(error);
    }
    return live!.provider;
  }

  return {
    current() {
      if (live && Date.now() - checkedAt < checkEveryMs) return Promise.resolve(live.provider);
      inFlight ??= refresh().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
