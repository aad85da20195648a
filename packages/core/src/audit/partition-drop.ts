/**
 * Retention by dropping whole monthly partitions. When every event in a
 * month's partition is past its organization's retention, no active legal
 * hold of those organizations overlaps the month, and the month holds no
 * platform (organization-less) events, the partition is detached and dropped
 * instead of deleting its rows one by one — the cost does not grow with the
 * number of rows: each organization's range in the month is found through the
 * (organization_id, seq) index, not by reading the rows.
 *
 * Verification still passes: for each organization the dropped seq range goes
 * into the purge ledger with the hash of its last event (merged with adjacent
 * or enclosed ranges already there), and each drop is audited, in the same
 * transaction as the DROP. A range is recorded only when the month holds all
 * of the organization's events in it (no event of that range lives in another
 * month); otherwise the month is left to the row-by-row purge.
 */
import type { Db, Prisma } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { retentionDays } from "./retention.ts";
import { recordAudit } from "./writer.ts";

const DAY_MS = 86_400_000;

interface Partition {
  name: string;
  from: Date;
  to: Date;
}

interface OrgRange {
  organizationId: string;
  fromSeq: bigint;
  toSeq: bigint;
  lastHash: Uint8Array;
}

/** The audit log's monthly partitions that end before `before`, oldest first. */
export async function pastPartitions(db: Db, before: Date): Promise<Partition[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_events'::regclass AND c.relname ~ '^audit_events_y[0-9]{4}m[0-9]{2}$'
     ORDER BY c.relname`;
  return rows
    .map(({ name }) => {
      const [, y, m] = /^audit_events_y(\d{4})m(\d{2})$/.exec(name)!;
      const from = new Date(Date.UTC(Number(y), Number(m) - 1, 1));
      return { name, from, to: new Date(Date.UTC(Number(y), Number(m), 1)) };
    })
    .filter((p) => p.to <= before);
}

/** Each organization in a partition (a skip scan over the org/seq index), with its seq range there. */
async function rangesIn(db: Db | Prisma.TransactionClient, p: Partition): Promise<{ ranges: OrgRange[]; platform: boolean }> {
  const table = `"${p.name}"`;
  const orgs = await db.$queryRawUnsafe<{ org: string | null }[]>(`
    WITH RECURSIVE o AS (
      (SELECT organization_id AS org FROM ${table} WHERE organization_id IS NOT NULL ORDER BY organization_id LIMIT 1)
      UNION ALL
      SELECT (SELECT organization_id FROM ${table} WHERE organization_id > o.org ORDER BY organization_id LIMIT 1) FROM o WHERE o.org IS NOT NULL
    ) SELECT org::text AS org FROM o WHERE org IS NOT NULL`);
  const [platform] = await db.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE organization_id IS NULL) AS any`);
  const ranges: OrgRange[] = [];
  for (const { org } of orgs) {
    const [r] = await db.$queryRawUnsafe<{ from_seq: bigint; to_seq: bigint; last_hash: Uint8Array }[]>(
      `SELECT (SELECT seq FROM ${table} WHERE organization_id = $1::uuid ORDER BY seq LIMIT 1) AS from_seq,
              t.seq AS to_seq, t.hash AS last_hash
         FROM (SELECT seq, hash FROM ${table} WHERE organization_id = $1::uuid ORDER BY seq DESC LIMIT 1) t`,
      org,
    );
    ranges.push({ organizationId: org!, fromSeq: r!.from_seq, toSeq: r!.to_seq, lastHash: r!.last_hash });
  }
  return { ranges, platform: platform!.any };
}

/** Why a partition cannot be dropped, or null when it can. */
async function blocker(db: Db, p: Partition, ranges: OrgRange[], platform: boolean, now: Date): Promise<string | null> {
  if (platform) return "it holds platform events";
  for (const r of ranges) {
    const days = await retentionDays(db, r.organizationId, "audit_events");
    if (p.to.getTime() > now.getTime() - days * DAY_MS) return `organization ${r.organizationId} still retains part of it`;
    const hold = await db.legalHold.findFirst({
      where: { organizationId: r.organizationId, releasedAt: null, AND: [{ OR: [{ fromAt: null }, { fromAt: { lt: p.to } }] }, { OR: [{ toAt: null }, { toAt: { gt: p.from } }] }] },
      select: { id: true },
    });
    if (hold) return `legal hold ${hold.id} covers it`;
    // The range must be wholly in this month: no event of it elsewhere (pruned to the other partitions).
    const [elsewhere] = await db.$queryRaw<{ any: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM audit_events WHERE organization_id = ${r.organizationId}::uuid
                        AND seq BETWEEN ${r.fromSeq} AND ${r.toSeq}
                        AND (occurred_at < ${p.from} OR occurred_at >= ${p.to})) AS any`;
    if (elsewhere!.any) return `organization ${r.organizationId} has events of the same range in another month`;
  }
  return null;
}

/** Puts [from, to] into the ledger, absorbing the ranges it encloses or touches. Returns the events it adds. */
async function recordRange(tx: Prisma.TransactionClient, r: OrgRange): Promise<bigint> {
  const touching = await tx.auditPurge.findMany({
    where: { organizationId: r.organizationId, fromSeq: { lte: r.toSeq + 1n }, toSeq: { gte: r.fromSeq - 1n } },
  });
  const enclosed = touching.filter((t) => t.fromSeq >= r.fromSeq && t.toSeq <= r.toSeq).reduce((n, t) => n + t.events, 0n);
  const dropped = r.toSeq - r.fromSeq + 1n - enclosed;
  const before = touching.find((t) => t.toSeq === r.fromSeq - 1n);
  const after = touching.find((t) => t.fromSeq === r.toSeq + 1n);
  await tx.auditPurge.deleteMany({ where: { id: { in: touching.map((t) => t.id) } } });
  await tx.auditPurge.create({
    data: {
      organizationId: r.organizationId,
      fromSeq: before?.fromSeq ?? r.fromSeq,
      toSeq: after?.toSeq ?? r.toSeq,
      lastHash: after?.lastHash ?? Buffer.from(r.lastHash),
      events: touching.reduce((n, t) => n + t.events, 0n) + dropped,
    },
  });
  return dropped;
}

export interface DroppedPartition {
  partition: string;
  organizations: number;
  events: number;
}

/**
 * Drops every past monthly partition that is wholly expired for every
 * organization in it and not covered by a legal hold. Returns what was dropped
 * and why the others were kept.
 */
export async function dropExpiredPartitions(db: Db, now = new Date()): Promise<{ dropped: DroppedPartition[]; kept: { partition: string; reason: string }[] }> {
  const dropped: DroppedPartition[] = [];
  const kept: { partition: string; reason: string }[] = [];
  for (const p of await pastPartitions(db, now)) {
    const { ranges, platform } = await rangesIn(db, p);
    const reason = await blocker(db, p, ranges, platform, now);
    if (reason) {
      kept.push({ partition: p.name, reason });
      continue;
    }
    const events = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET LOCAL atrium.audit_retention = 'on'`;
        // Lock the month against writers first, then re-read it: nothing may have arrived since.
        await tx.$executeRawUnsafe(`LOCK TABLE "${p.name}" IN ACCESS EXCLUSIVE MODE`);
        const again = await rangesIn(tx, p);
        if (again.platform || JSON.stringify(again.ranges.map((r) => [r.organizationId, `${r.fromSeq}`, `${r.toSeq}`])) !== JSON.stringify(ranges.map((r) => [r.organizationId, `${r.fromSeq}`, `${r.toSeq}`]))) {
          return null;
        }
        let total = 0n;
        for (const r of ranges) {
          const n = await recordRange(tx, r);
          total += n;
          await recordAudit(tx, systemActor("audit-retention"), {
            action: "audit.purge",
            organizationId: r.organizationId,
            resource: { type: "audit_log" },
            details: { method: "partition_drop", partition: p.name, events: Number(n), ranges: [`${r.fromSeq}-${r.toSeq}`], month: p.from.toISOString().slice(0, 7) },
          });
        }
        await tx.$executeRawUnsafe(`ALTER TABLE audit_events DETACH PARTITION "${p.name}"`);
        await tx.$executeRawUnsafe(`DROP TABLE "${p.name}"`);
        return total;
      },
      { timeout: 120_000 },
    );
    if (events === null) kept.push({ partition: p.name, reason: "it changed while being dropped" });
    else dropped.push({ partition: p.name, organizations: ranges.length, events: Number(events) });
  }
  return { dropped, kept };
}
