/**
 * The providers' signing keys (JWKS), cached per URL, with key rollover that
 * costs no failed sign-in.
 *
 * jose's remote key set refetches on an unknown `kid` only after its cooldown
 * (30 s here, to keep a flood of forged tokens from hammering the provider),
 * so right after an OP publishes a new key every sign-in would fail for up to
 * 30 s. On an unknown `kid` we therefore force one refetch at once, at most one
 * per FORCED_REFETCH_INTERVAL_MS per URL (concurrent sign-ins share it), and
 * look the key up again. A token whose `kid` is still unknown after that is
 * refused as before (`invalid_signature`).
 */
import { createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey } from "jose";

export const FORCED_REFETCH_INTERVAL_MS = 5_000;

interface Entry {
  keys: ReturnType<typeof createRemoteJWKSet>;
  lastForcedAt: number;
  forcing: Promise<void> | null;
}

const entries = new Map<string, Entry>();

async function forceRefetch(entry: Entry, now: number): Promise<boolean> {
  if (entry.forcing) {
    await entry.forcing;
    return true;
  }
  if (now - entry.lastForcedAt < FORCED_REFETCH_INTERVAL_MS) return false;
  entry.lastForcedAt = now;
  entry.forcing = entry.keys.reload().finally(() => {
    entry.forcing = null;
  });
  await entry.forcing;
  return true;
}

/** The key resolver for a provider's JWKS URL (one cache per URL for the process); `clock` for tests. */
export function jwksFor(url: string, clock: () => number = Date.now): JWTVerifyGetKey {
  let entry = entries.get(url);
  if (!entry) {
    entry = { keys: createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, timeoutDuration: 10_000 }), lastForcedAt: 0, forcing: null };
    entries.set(url, entry);
  }
  const current = entry;
  return async (header, token) => {
    try {
      return await current.keys(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || !(await forceRefetch(current, clock()))) throw error;
      return current.keys(header, token);
    }
  };
}
