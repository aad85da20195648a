import { describe, expect, it } from "vitest";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "./limits.ts";
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
