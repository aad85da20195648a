import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { dropExpiredPartitions } from "./partition-drop.ts";
import { placeHold, setRetention } from "./retention.ts";
import { verifyAuditChain } from "./verify.ts";

const { db } = await createTestDatabase();
const now = new Date();
/** The middle of the month `monthsAgo` months before this one (UTC). */
const monthAgo = (monthsAgo: number, day = 15) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, day, 12));
const partitionOf = (d: Date) => `audit_events_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
const exists = async (name: string) => (await db.$queryRaw<{ r: string | null }[]>`SELECT to_regclass(${name})::text AS r`)[0]!.r !== null;

let n = 0;
async function org(days: number) {
  const o = await db.organization.create({ data: { name: `Drop ${n}`, slug: `drop-${n++}`, plan: "enterprise" }, select: { id: true } });
  await setRetention(db, systemActor("test"), o.id, "audit_events", days);
  return o.id;
}

async function events(orgId: string | null, at: Date[], actorId = "someone") {
  for (const [i, occurredAt] of at.entries()) {
    await db.$queryRaw`SELECT audit_events_ensure_partitions(${occurredAt}::date, ${occurredAt}::date)`; // an earlier test may have dropped it empty
    await db.auditEvent.create({ data: { organizationId: orgId, occurredAt: new Date(occurredAt.getTime() + i), action: "org.update", status: "success", actorType: "user", actorId, resourceType: "organization" } });
  }
}

const count = (orgId: string) => db.auditEvent.count({ where: { organizationId: orgId, action: "org.update" } });

describe("retention by partition drop", () => {
  it("drops a month expired for every organization, records the anchors, and verification still passes", async () => {
    const month = monthAgo(20);
    const a = await org(365);
    const b = await org(400);
    // a: 3 events in the month then one recent; b: one before (in an older month, held back by nothing) and 2 in the month.
    await events(b, [monthAgo(21)]);
    await events(a, [month, month, month]);
    await events(b, [month, month]);
    await events(a, [monthAgo(1)]);
    await events(b, [monthAgo(1)]);
    const result = await dropExpiredPartitions(db, now);
    expect(result.dropped).toContainEqual({ partition: partitionOf(month), organizations: 2, events: 5 });
    expect(result.dropped).toContainEqual({ partition: partitionOf(monthAgo(21)), organizations: 1, events: 1 });
    expect(await exists(partitionOf(month))).toBe(false);
    expect([await count(a), await count(b)]).toEqual([1, 1]);
    expect(await verifyAuditChain(db, a)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(db, b)).toMatchObject({ ok: true });
    const purge = await db.auditEvent.findFirstOrThrow({ where: { organizationId: a, action: "audit.purge" }, select: { details: true } });
    expect(purge.details).toMatchObject({ method: "partition_drop", partition: partitionOf(month), events: 3 });

    // b's two months became one range of its ledger.
    expect(await db.auditPurge.findMany({ where: { organizationId: b }, select: { fromSeq: true, toSeq: true, events: true } })).toEqual([
      { fromSeq: 2n, toSeq: 4n, events: 3n },
    ]);
    expect(await verifyAuditChain(db, b)).toMatchObject({ ok: true });
  });

  it("keeps a month that one organization still retains, that a legal hold overlaps, or that holds platform events", async () => {
    const retained = monthAgo(16);
    const longer = await org(3650);
    const short = await org(30);
    await events(longer, [retained]);
    await events(short, [retained]);

    const held = monthAgo(17);
    const h = await org(30);
    await events(h, [held]);
    await placeHold(db, systemActor("test"), h, { name: "Case", reason: "Litigation", actorId: "someone-else", from: monthAgo(17, 1), to: monthAgo(17, 28) });

    const platform = monthAgo(18);
    await events(await org(30), [platform]);
    await events(null, [platform]);

    const { kept } = await dropExpiredPartitions(db, now);
    expect(kept.find((k) => k.partition === partitionOf(retained))?.reason).toBe(`organization ${longer} still retains part of it`);
    expect(kept.find((k) => k.partition === partitionOf(held))?.reason).toMatch(/^legal hold .* covers it$/);
    expect(kept.find((k) => k.partition === partitionOf(platform))?.reason).toBe("it holds platform events");
    for (const d of [retained, held, platform]) expect(await exists(partitionOf(d))).toBe(true);

    expect(await count(short)).toBe(1);
    expect(await verifyAuditChain(db, short)).toMatchObject({ ok: true });
  });

  it("leaves a month to the row-by-row purge when one organization's range continues in another month", async () => {
    const month = monthAgo(13);
    const o = await org(30);
    await events(o, [month, monthAgo(12), month]); // seq 1 and 3 in one month, 2 in the next
    const { kept } = await dropExpiredPartitions(db, now);
    expect(kept.find((k) => k.partition === partitionOf(month))?.reason).toBe(`organization ${o} has events of the same range in another month`);
    expect(await exists(partitionOf(month))).toBe(true);
  });
});
