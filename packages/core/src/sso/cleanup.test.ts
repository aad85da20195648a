import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { purgeSsoData } from "./cleanup.ts";

const { db } = await createTestDatabase();
const DAY = 86_400_000;
const now = new Date("2026-11-22T12:00:00Z");
const org = await db.organization.create({ data: { name: "Cleanup", slug: "sso-cleanup", plan: "enterprise" }, select: { id: true } });
const connection = (name: string) =>
  db.ssoConnection.create({ data: { organizationId: org.id, name, protocol: "saml", provider: "generic_saml" }, select: { id: true } }).then((c) => c.id);
const [a, b, c] = [await connection("A"), await connection("B"), await connection("C")];

async function results(connectionId: string, daysAgo: number[]) {
  for (const d of daysAgo) {
    await db.ssoTestResult.create({ data: { organizationId: org.id, connectionId, ok: true, createdAt: new Date(now.getTime() - d * DAY) } });
  }
}
const remainingDays = async (connectionId: string) =>
  (await db.ssoTestResult.findMany({ where: { connectionId }, select: { createdAt: true }, orderBy: { createdAt: "desc" } })).map((r) => Math.round((now.getTime() - r.createdAt.getTime()) / DAY));

describe("purgeSsoData", () => {
  it("deletes exactly the expired requests and replay entries and the old test results beyond each connection's latest 10, in batches, audited once", async () => {
    const at = (ms: number) => new Date(now.getTime() + ms);
    await db.ssoRequest.createMany({
      data: [
        { id: "expired-1", connectionId: a, expiresAt: at(-1000) },
        { id: "expired-2", connectionId: b, expiresAt: at(-600_000) },
        { id: "expired-3", connectionId: a, expiresAt: at(0) },
        { id: "pending-1", connectionId: a, expiresAt: at(1000) },
        { id: "pending-2", connectionId: c, expiresAt: at(600_000) },
      ],
    });
    // A replay entry's expiry is its assertion's NotOnOrAfter (+ skew): until then the assertion could be replayed.
    await db.ssoReplayCache.createMany({
      data: [
        { connectionId: a, assertionId: "_spent-1", expiresAt: at(-1) },
        { connectionId: b, assertionId: "_spent-2", expiresAt: at(-DAY) },
        { connectionId: a, assertionId: "_still-valid", expiresAt: at(60_000) },
        { connectionId: b, assertionId: "_long-lived", expiresAt: at(20 * 3_600_000) },
      ],
    });
    await results(a, [31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45]); // 15 old: the newest 10 stay
    await results(b, [1, 2, 3, 4, 5, 40, 41, 42, 43, 44, 45, 46, 47]); // 5 recent + 8 old: 5 old stay
    await results(c, [50, 60, 70]); // 3 old: all stay (latest 10)

    const counts = await purgeSsoData(db, { now, batchSize: 2 });
    expect(counts).toEqual({ requests: 3, replayEntries: 2, testResults: 8 });

    expect((await db.ssoRequest.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id)).toEqual(["pending-1", "pending-2"]);
    expect((await db.ssoReplayCache.findMany({ select: { assertionId: true }, orderBy: { assertionId: "asc" } })).map((r) => r.assertionId)).toEqual(["_long-lived", "_still-valid"]);
    expect(await remainingDays(a)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(await remainingDays(b)).toEqual([1, 2, 3, 4, 5, 40, 41, 42, 43, 44]);
    expect(await remainingDays(c)).toEqual([50, 60, 70]);

    const events = await db.auditEvent.findMany({ where: { action: "sso.cleanup" }, select: { actorType: true, actorLabel: true, organizationId: true, details: true } });
    expect(events).toEqual([{ actorType: "system", actorLabel: "sso-cleanup", organizationId: null, details: { requests: 3, replayEntries: 2, testResults: 8 } }]);

    // Nothing left to do: nothing deleted, still one event for the run.
    expect(await purgeSsoData(db, { now })).toEqual({ requests: 0, replayEntries: 0, testResults: 0 });
    expect(await db.auditEvent.count({ where: { action: "sso.cleanup" } })).toBe(2);
    expect(await remainingDays(b)).toHaveLength(10);
  });
});
