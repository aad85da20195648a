import { describe, expect, it } from "vitest";
import { purgeApplicationData } from "./cleanup.ts";
import { claimIdempotencyKey } from "./limits.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const app = demo.applications["demo-product"]!;
const HOUR = 3_600_000;

async function keyAt(key: string, createdAt: Date, answered = true) {
  await db.$executeRaw`
    INSERT INTO idempotency_keys (application_id, key, request_hash, response_status, response_body, created_at)
    VALUES (${app}::uuid, ${key}, ${"a".repeat(64)}, ${answered ? 200 : null}, ${answered ? '{"ok":true}' : null}::jsonb, ${createdAt})`;
}

describe("purgeApplicationData", () => {
  it("deletes exactly the idempotency keys older than 24 hours, in batches, and audits the count once", async () => {
    const now = new Date("2026-12-07T12:00:00Z");
    for (let i = 0; i < 23; i++) await keyAt(`old-${i}`, new Date(now.getTime() - 25 * HOUR));
    await keyAt("old-unanswered", new Date(now.getTime() - 30 * HOUR), false);
    await keyAt("at-the-window", new Date(now.getTime() - 24 * HOUR));
    await keyAt("fresh", new Date(now.getTime() - 23 * HOUR));
    await keyAt("in-progress", new Date(now.getTime() - HOUR), false);

    expect(await purgeApplicationData(db, { now, batchSize: 10 })).toEqual({ idempotencyKeys: 24 });
    const left = await db.$queryRaw<{ key: string }[]>`SELECT key FROM idempotency_keys ORDER BY key`;
    expect(left.map((r) => r.key)).toEqual(["at-the-window", "fresh", "in-progress"]);
    const audits = await db.auditEvent.findMany({ where: { action: "application.cleanup" }, select: { actorType: true, actorLabel: true, organizationId: true, details: true } });
    expect(audits).toEqual([{ actorType: "system", actorLabel: "application-cleanup", organizationId: null, details: { idempotencyKeys: 24 } }]);

    // Nothing due: nothing deleted, nothing recorded.
    expect(await purgeApplicationData(db, { now, batchSize: 10 })).toEqual({ idempotencyKeys: 0 });
    expect(await db.auditEvent.count({ where: { action: "application.cleanup" } })).toBe(1);
  });

  it("a purged key is claimed afresh, as an expired one would be", async () => {
    await db.$executeRaw`DELETE FROM idempotency_keys`;
    await keyAt("reused", new Date(Date.now() - 48 * HOUR));
    expect((await purgeApplicationData(db)).idempotencyKeys).toBe(1);
    expect(await claimIdempotencyKey(db, app, "reused", "b".repeat(64))).toEqual({ state: "new" });
  });
});
