/**
 * Retention and legal holds. Each organization keeps each kind of data for
 * its policy's days (or its plan's default, up to the plan's maximum); a
 * legal hold suspends deletion of what it covers. Purges delete a prefix of
 * the chain (everything before the first event still retained), skipping held
 * events, in bounded batches; each batch commits together with its ledger
 * entries (the purged seq ranges and the hash of each range's last event, so
 * verification spans the gap) and its own audit event. A purge that dies
 * half-way is safe to run again.
 */
import type { Db, Prisma, RetentionDataType } from "@atrium/db";
import { RETENTION_DAYS, type Plan } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { systemActor } from "../actor.ts";
import { AppError, notFound } from "../errors.ts";
import { auditPurgePreview, HELD } from "./retention-preview.ts";
import { recordAudit } from "./writer.ts";

export const DATA_TYPES: readonly RetentionDataType[] = ["audit_events", "email_outbox", "audit_exports"];
const DAY_MS = 86_400_000;

export async function retentionDays(db: Db | Prisma.TransactionClient, organizationId: string, dataType: RetentionDataType): Promise<number> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } });
  const policy = await db.retentionPolicy.findUnique({ where: { organizationId_dataType: { organizationId, dataType } }, select: { days: true } });
  return policy?.days ?? RETENTION_DAYS[org.plan as Plan].default;
}

export async function listRetention(db: Db, organizationId: string) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } });
  const limits = RETENTION_DAYS[org.plan as Plan];
  const policies = await db.retentionPolicy.findMany({ where: { organizationId }, select: { dataType: true, days: true, updatedAt: true } });
  return DATA_TYPES.map((dataType) => {
    const policy = policies.find((p) => p.dataType === dataType);
    return { dataType, days: policy?.days ?? limits.default, custom: policy !== undefined, defaultDays: limits.default, maxDays: limits.max, updatedAt: policy?.updatedAt ?? null };
  });
}

/** Sets (or with null, resets to the plan default) how long a kind of data is kept. */
export async function setRetention(db: Db, actor: Actor, organizationId: string, dataType: RetentionDataType, days: number | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } });
    const limits = RETENTION_DAYS[org.plan as Plan];
    if (days !== null && days > limits.max) {
      throw new AppError("PAYMENT_REQUIRED", { userMessage: `Your plan keeps data for at most ${limits.max} days.` });
    }
    const before = await retentionDays(tx, organizationId, dataType);
    const after = days ?? limits.default;
    const pastRetention = dataType === "audit_events" && after < before ? (await auditPurgePreview(tx, organizationId, after)).events : 0;
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    if (days === null) await tx.retentionPolicy.deleteMany({ where: { organizationId, dataType } });
    else {
      await tx.retentionPolicy.upsert({
        where: { organizationId_dataType: { organizationId, dataType } },
        create: { organizationId, dataType, days, updatedById },
        update: { days, updatedById, updatedAt: new Date() },
      });
    }
    await recordAudit(tx, actor, {
      action: "retention.update",
      organizationId,
      resource: { type: "retention_policy", id: dataType },
      details: { before, after, planDefault: days === null, ...(pastRetention > 0 ? { eventsPastRetention: pastRetention } : {}) },
    });
  });
}

export interface HoldInput {
  name: string;
  reason: string;
  actorId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export async function listHolds(db: Db, organizationId: string) {
  return db.legalHold.findMany({ where: { organizationId }, orderBy: [{ releasedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }] });
}

export async function placeHold(db: Db, actor: Actor, organizationId: string, input: HoldInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const hold = await tx.legalHold.create({
      data: {
        organizationId,
        name: input.name,
        reason: input.reason,
        actorId: input.actorId ?? null,
        fromAt: input.from ?? null,
        toAt: input.to ?? null,
        createdById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "retention.hold_place",
      organizationId,
      resource: { type: "legal_hold", id: hold.id },
      details: { name: input.name, actorId: input.actorId ?? null, from: input.from?.toISOString() ?? null, to: input.to?.toISOString() ?? null },
      personal: { reason: input.reason },
    });
    return hold;
  });
}

export async function releaseHold(db: Db, actor: Actor, organizationId: string, holdId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const hold = await tx.legalHold.findFirst({ where: { id: holdId, organizationId, releasedAt: null }, select: { name: true } });
    if (!hold) throw notFound("The active legal hold");
    await tx.legalHold.update({
      where: { id: holdId },
      data: { releasedAt: new Date(), releasedById: actor.type === "user" || actor.type === "staff" ? actor.userId : null },
    });
    await recordAudit(tx, actor, { action: "retention.hold_release", organizationId, resource: { type: "legal_hold", id: holdId }, details: { name: hold.name } });
  });
}

/** Contiguous runs of seq numbers, each with its last event's hash. */
function runsOf(rows: { seq: bigint; hash: Uint8Array }[]) {
  const sorted = [...rows].sort((a, b) => (a.seq < b.seq ? -1 : 1));
  const runs: { from: bigint; to: bigint; lastHash: Uint8Array; events: number }[] = [];
  for (const row of sorted) {
    const last = runs.at(-1);
    if (last && row.seq === last.to + 1n) Object.assign(last, { to: row.seq, lastHash: row.hash, events: last.events + 1 });
    else runs.push({ from: row.seq, to: row.seq, lastHash: row.hash, events: 1 });
  }
  return runs;
}

export async function purgeAuditEvents(db: Db, organizationId: string, now = new Date(), batch = 5000): Promise<{ deleted: number; held: number }> {
  const days = await retentionDays(db, organizationId, "audit_events");
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  // Only a prefix of the chain may go: everything before the first event still retained.
  const [bound] = await db.$queryRaw<{ last: bigint }[]>`
    SELECT coalesce(
      (SELECT min(seq) FROM audit_events WHERE organization_id = ${organizationId}::uuid AND occurred_at >= ${cutoff}),
      (SELECT coalesce(max(seq), 0) + 1 FROM audit_events WHERE organization_id = ${organizationId}::uuid)) - 1 AS last`;
  const last = bound!.last;
  let deleted = 0;
  for (;;) {
    const removed = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL atrium.audit_retention = 'on'`;
      const rows = await tx.$queryRawUnsafe<{ seq: bigint; hash: Uint8Array }[]>(
        `DELETE FROM audit_events WHERE (occurred_at, id) IN (
           SELECT e.occurred_at, e.id FROM audit_events e
            WHERE e.organization_id = $1::uuid AND e.seq <= $2 AND NOT ${HELD}
            ORDER BY e.seq LIMIT $3)
         RETURNING seq, hash`,
        organizationId,
        last,
        batch,
      );
      if (rows.length === 0) return 0;
      const runs = runsOf(rows);
      for (const run of runs) {
        // Merge with the ledger ranges it touches, so each gap has exactly one entry.
        const before = await tx.auditPurge.findUnique({ where: { organizationId_toSeq: { organizationId, toSeq: run.from - 1n } } });
        const after = await tx.auditPurge.findFirst({ where: { organizationId, fromSeq: run.to + 1n } });
        const from = before?.fromSeq ?? run.from;
        const to = after?.toSeq ?? run.to;
        const lastHash = after?.lastHash ?? Buffer.from(run.lastHash);
        const events = BigInt(run.events) + (before?.events ?? 0n) + (after?.events ?? 0n);
        if (before) await tx.auditPurge.delete({ where: { id: before.id } });
        if (after) await tx.auditPurge.delete({ where: { id: after.id } });
        await tx.auditPurge.create({ data: { organizationId, fromSeq: from, toSeq: to, lastHash, events } });
      }
      await recordAudit(tx, systemActor("audit-retention"), {
        action: "audit.purge",
        organizationId,
        resource: { type: "audit_log" },
        details: { events: rows.length, retentionDays: days, cutoff: cutoff.toISOString(), ranges: runs.map((r) => `${r.from}-${r.to}`) },
      });
      return rows.length;
    });
    deleted += removed;
    if (removed < batch) break;
  }
  const [held] = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM audit_events e WHERE e.organization_id = $1::uuid AND e.occurred_at < $2 AND ${HELD}`,
    organizationId,
    cutoff,
  );
  return { deleted, held: Number(held?.n ?? 0) };
}

/** Sent mail and finished exports past their retention (no chain; plain deletes, bounded). */
export async function purgeOperationalData(db: Db, organizationId: string, now = new Date()): Promise<{ emails: number; exports: number }> {
  const [emailDays, exportDays] = await Promise.all([retentionDays(db, organizationId, "email_outbox"), retentionDays(db, organizationId, "audit_exports")]);
  const emails = await db.emailOutbox.deleteMany({
    where: { organizationId, status: { not: "pending" }, createdAt: { lt: new Date(now.getTime() - emailDays * DAY_MS) } },
  });
  const exports = await db.auditExport.deleteMany({ where: { organizationId, createdAt: { lt: new Date(now.getTime() - exportDays * DAY_MS) } } });
  return { emails: emails.count, exports: exports.count };
}
