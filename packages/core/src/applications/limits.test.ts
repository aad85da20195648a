import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, takeApplicationRateLimit } from "./limits.ts";
import type { AuthenticatedApplication } from "./keys.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const app = demo.applications["demo-product"]!;
const hash = (c: string) => c.repeat(64);

describe("idempotency keys", () => {
  it("of concurrent claims of one key exactly one runs; the others see it in progress", async () => {
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimIdempotencyKey(db, app, "race", hash("a"))));
    expect(claims.filter((c) => c.state === "new")).toHaveLength(1);
    expect(claims.filter((c) => c.state === "in_progress")).toHaveLength(5);
  });

  it("a completed key replays its answer for the same request and conflicts for another", async () => {
    expect(await claimIdempotencyKey(db, app, "done", hash("b"))).toEqual({ state: "new" });
    await completeIdempotencyKey(db, app, "done", 200, { results: [] });
    expect(await claimIdempotencyKey(db, app, "done", hash("b"))).toEqual({ state: "replay", status: 200, body: { results: [] } });
    expect(await claimIdempotencyKey(db, app, "done", hash("c"))).toEqual({ state: "conflict" });
  });

  it("a released key can be claimed again; a completed one is never released", async () => {
    await claimIdempotencyKey(db, app, "released", hash("d"));
    await releaseIdempotencyKey(db, app, "released");
    expect(await claimIdempotencyKey(db, app, "released", hash("e"))).toEqual({ state: "new" });
    await completeIdempotencyKey(db, app, "released", 404, { error: { code: "not_found" } });
    await releaseIdempotencyKey(db, app, "released");
    expect(await claimIdempotencyKey(db, app, "released", hash("e"))).toEqual({ state: "replay", status: 404, body: { error: { code: "not_found" } } });
  });
});

describe("an application's rate-limit bucket (rate_limit_take_with_state)", () => {
  /** An application of its own (the bucket is keyed by its id) with `perMinute` and `burst`. */
  const application = (perMinute: number, burst: number): AuthenticatedApplication => ({
    id: randomUUID(),
    slug: "bucket-test",
    name: "Bucket test",
    keyId: randomUUID(),
    keyPrefix: "atrium_sk_test",
    keyMode: "live",
    rateLimit: { perMinute, burst },
  });

  it("starts full, gives one token a request, then refuses with the wait for the next token and takes nothing", async () => {
    // 60 a minute: one token a second, so the refill during the test stays far below one token.
    const app = application(60, 3);
    const taken = [];
    for (let i = 0; i < 3; i++) taken.push(await takeApplicationRateLimit(db, app));
    expect(taken.map((t) => [t.limit, t.remaining, t.retryAfterSeconds])).toEqual([
      [3, 2, null],
      [3, 1, null],
      [3, 0, null],
    ]);
    expect(taken[2]!.resetSeconds).toBe(3);
    const refused = await takeApplicationRateLimit(db, app);
    expect(refused).toMatchObject({ limit: 3, remaining: 0, retryAfterSeconds: 1, resetSeconds: 3 });
    const [row] = await db.$queryRaw<{ tokens: number }[]>`SELECT tokens FROM rate_limit_buckets WHERE key = ${`app:${app.id}`}`;
    expect(row!.tokens).toBeGreaterThanOrEqual(0);
    expect(row!.tokens).toBeLessThan(0.5);
  });

  it("refills at its rate up to its burst", async () => {
    const app = application(60, 5);
    for (let i = 0; i < 5; i++) await takeApplicationRateLimit(db, app);
    // Ten seconds ago at the bucket's clock: ten tokens refilled, capped at the burst of five.
    await db.$executeRaw`UPDATE rate_limit_buckets SET updated_at = updated_at - interval '10 seconds' WHERE key = ${`app:${app.id}`}`;
    expect(await takeApplicationRateLimit(db, app)).toMatchObject({ remaining: 4, retryAfterSeconds: null });
  });

  it("is one bucket under concurrent requests: a burst of 10 allows exactly 10 of 25", async () => {
    const app = application(1, 10);
    const states = await Promise.all(Array.from({ length: 25 }, () => takeApplicationRateLimit(db, app)));
    expect(states.filter((s) => s.retryAfterSeconds === null)).toHaveLength(10);
    // One token a minute: the next one is about a minute away.
    for (const refused of states.filter((s) => s.retryAfterSeconds !== null)) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
  });
});
