/**
 * Login throttling shared by every API instance (state lives in Postgres):
 * after too many failures inside the window, a key is locked for a while.
 * Keys are per e-mail (guessing one account) and per IP (spraying many).
 */
import type { Db, DbOrTx } from "@atrium/db";

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const LOGIN_THROTTLE: Record<"email" | "ip", ThrottleRule> = {
  email: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

export function loginThrottleKeys(email: string, ip: string | undefined): ThrottleKey[] {
  const keys = [{ key: `email:${email.toLowerCase()}`, rule: LOGIN_THROTTLE.email }];
  if (ip) keys.push({ key: `ip:${ip}`, rule: LOGIN_THROTTLE.ip });
  return keys;
}

/** Seconds until the first locked key unlocks, or 0 when none is locked. */
export async function lockedForSeconds(db: Db, keys: ThrottleKey[]): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: keys.map((k) => k.key) }, lockedUntil: { gt: new Date() } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until === 0 ? 0 : Math.ceil((until - Date.now()) / 1000);
}

/** Counts a failure against each key (atomically), locking keys that reach their limit. */
export async function recordFailure(db: DbOrTx, keys: ThrottleKey[]): Promise<void> {
  for (const { key, rule } of keys) {
    await db.$executeRaw`
      INSERT INTO login_throttles AS t (key, failures, window_started_at)
      VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_started_at < now() - make_interval(secs => ${rule.windowMs / 1000})
                        THEN 1 ELSE t.failures + 1 END,
        window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => ${rule.windowMs / 1000})
                                 THEN now() ELSE t.window_started_at END`;
    await db.$executeRaw`
      UPDATE login_throttles
         SET locked_until = now() + make_interval(secs => ${rule.lockMs / 1000}), failures = 0, window_started_at = now()
       WHERE key = ${key} AND failures >= ${rule.maxFailures}`;
  }
}

export async function clearFailures(db: DbOrTx, email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `email:${email.toLowerCase()}` } });
}
