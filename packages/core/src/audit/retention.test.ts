import { createTestDatabase } from "@atrium/db/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { placeHold, purgeAuditEvents, releaseHold, setRetention } from "./retention.ts";
import { auditPurgePreview } from "./retention-preview.ts";
import { verifyAuditChain } from "./verify.ts";

const { db } = await createTestDatabase();
const DAY = 86_400_000;
const now = new Date("2026-11-21T12:00:00Z");
const actors = ["actor-a", "actor-b", "actor-c"];
let orgs = 0;

async function orgWithEvents(ages: { daysAgo: number; actor: number }[]) {
  const org = await db.organization.create({ data: { name: `Retention ${orgs}`, slug: `retention-${orgs++}`, plan: "enterprise" }, select: { id: true } });
  // Oldest first, as events happen: seq follows time.
  const sorted = [...ages].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const [i, e] of sorted.entries()) {
    await db.auditEvent.create({
      data: {
        organizationId: org.id,
        occurredAt: new Date(now.getTime() - e.daysAgo * DAY - i),
        action: "org.update",
        status: "success",
        actorType: "user",
        actorId: actors[e.actor]!,
        resourceType: "organization",
        details: { i },
      },
    });
  }
  return org.id;
}

const remainingSeqs = async (orgId: string) =>
  (await db.auditEvent.findMany({ where: { organizationId: orgId, action: "org.update" }, select: { seq: true, occurredAt: true, actorId: true } }));

describe("audit retention", () => {
  it("never deletes held or unexpired events, deletes the expired unheld prefix, and keeps the chain verifiable", async () => {
    const event = fc.record({ daysAgo: fc.integer({ min: 0, max: 120 }), actor: fc.integer({ min: 0, max: 2 }) });
    const hold = fc.record({
      actor: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      fromDaysAgo: fc.option(fc.integer({ min: 30, max: 130 }), { nil: undefined }),
      lengthDays: fc.integer({ min: 1, max: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 90 }), fc.array(hold, { maxLength: 2 }), async (events, days, holds) => {
        const orgId = await orgWithEvents(events);
        await setRetention(db, systemActor("test"), orgId, "audit_events", days);
        for (const h of holds) {
          await placeHold(db, systemActor("test"), orgId, {
            name: "Case",
            reason: "Litigation",
            actorId: h.actor === undefined ? null : actors[h.actor]!,
            from: h.fromDaysAgo === undefined ? null : new Date(now.getTime() - h.fromDaysAgo * DAY),
            to: h.fromDaysAgo === undefined ? null : new Date(now.getTime() - (h.fromDaysAgo - h.lengthDays) * DAY),
          });
        }
        const before = await remainingSeqs(orgId);
        const preview = await auditPurgePreview(db, orgId, days, now);
        const purged = await purgeAuditEvents(db, orgId, now);
        // What an admin is told before shortening retention is exactly what the purge then does.
        expect(preview).toEqual({ events: purged.deleted, held: purged.held });
        const after = new Set((await remainingSeqs(orgId)).map((e) => e.seq));
        const cutoff = now.getTime() - days * DAY;
        const isHeld = (e: (typeof before)[number]) =>
          holds.some((h) => {
            const from = h.fromDaysAgo === undefined ? -Infinity : now.getTime() - h.fromDaysAgo * DAY;
            const to = h.fromDaysAgo === undefined ? Infinity : now.getTime() - (h.fromDaysAgo - h.lengthDays) * DAY;
            return (h.actor === undefined || actors[h.actor] === e.actorId) && e.occurredAt.getTime() >= from && e.occurredAt.getTime() < to;
          });
        const firstRetained = before.filter((e) => e.occurredAt.getTime() >= cutoff).map((e) => e.seq).sort((a, b) => (a < b ? -1 : 1))[0];
        for (const e of before) {
          const expired = e.occurredAt.getTime() < cutoff && (firstRetained === undefined || e.seq < firstRetained);
          if (isHeld(e) || !expired) expect(after.has(e.seq)).toBe(true);
          else expect(after.has(e.seq)).toBe(false);
        }
        expect((await verifyAuditChain(db, orgId)).ok).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("resumes deleting what a released hold protected, and verification spans both purged ranges", async () => {
    const orgId = await orgWithEvents([
      { daysAgo: 100, actor: 0 },
      { daysAgo: 90, actor: 1 },
      { daysAgo: 80, actor: 0 },
      { daysAgo: 1, actor: 0 },
    ]);
    await setRetention(db, systemActor("test"), orgId, "audit_events", 30);
    const { id } = await placeHold(db, systemActor("test"), orgId, { name: "B", reason: "Case", actorId: "actor-b" });
    expect(await purgeAuditEvents(db, orgId, now)).toEqual({ deleted: 2, held: 1 });
    expect((await verifyAuditChain(db, orgId)).ok).toBe(true);
    await releaseHold(db, systemActor("test"), orgId, id);
    expect(await purgeAuditEvents(db, orgId, now)).toEqual({ deleted: 1, held: 0 });
    const ledger = await db.auditPurge.findMany({ where: { organizationId: orgId }, select: { fromSeq: true, toSeq: true, events: true } });
    expect(ledger).toEqual([{ fromSeq: 1n, toSeq: 3n, events: 3n }]);
    expect(await verifyAuditChain(db, orgId)).toMatchObject({ ok: true });
  });

  it("still reports a deletion that retention did not record", async () => {
    const orgId = await orgWithEvents([{ daysAgo: 3, actor: 0 }, { daysAgo: 2, actor: 0 }, { daysAgo: 1, actor: 0 }]);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL atrium.audit_retention = 'on'`;
      await tx.$executeRaw`DELETE FROM audit_events WHERE organization_id = ${orgId}::uuid AND seq = 2`;
    });
    expect(await verifyAuditChain(db, orgId)).toMatchObject({ ok: false, firstBroken: { seq: 3, problem: "gap" } });
  });

  it("refuses a retention longer than the plan allows", async () => {
    const team = await db.organization.create({ data: { name: "Team Co", slug: "team-co", plan: "team" }, select: { id: true } });
    await expect(setRetention(db, systemActor("test"), team.id, "audit_events", 365)).rejects.toMatchObject({
      code: "PAYMENT_REQUIRED",
      userMessage: "Your plan keeps data for at most 90 days.",
    });
  });
});
