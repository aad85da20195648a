import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing.ts";

const { db } = await createTestDatabase();

const org = await db.organization.create({ data: { name: "Chain Co", slug: "chain-co" }, select: { id: true } });

const event = (organizationId: string | null, n: number) => ({
  organizationId,
  action: "org.update",
  status: "success" as const,
  actorType: "system" as const,
  resourceType: "organization",
  resourceId: organizationId,
  details: { n },
});

describe("audit_events", () => {
  it("links concurrent inserts into one gapless chain per organization", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => db.$transaction((tx) => tx.auditEvent.create({ data: event(org.id, n) }))),
    );
    const rows = await db.$queryRaw<{ seq: bigint; linked: boolean; valid: boolean }[]>`
      SELECT seq,
             prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), decode(repeat('00', 32), 'hex')) AS linked,
             hash = audit_event_digest(prev_hash, organization_id, seq, id, occurred_at, action, status,
               actor_type, actor_id, impersonator_id, resource_type, resource_id, request_id, details,
               pii_digest) AS valid
        FROM audit_events WHERE organization_id = ${org.id}::uuid ORDER BY seq`;
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.every((r) => r.linked && r.valid)).toBe(true);
  });

  it("chains a bulk insert in one statement, and several statements in one transaction, with the head written back", async () => {
    const bulk = await db.organization.create({ data: { name: "Bulk Co", slug: "bulk-co" }, select: { id: true } });
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO audit_events (organization_id, action, status, actor_type, resource_type, details)
        SELECT ${bulk.id}::uuid, 'org.update', 'success', 'system', 'organization', jsonb_build_object('n', g)
          FROM generate_series(1, 5000) AS g`;
      await tx.auditEvent.create({ data: event(bulk.id, 5001) });
    });
    await db.auditEvent.create({ data: event(bulk.id, 5002) });
    const [check] = await db.$queryRaw<{ n: bigint; broken: bigint; max_seq: bigint }[]>`
      WITH c AS (
        SELECT seq, hash, prev_hash, lag(hash) OVER (ORDER BY seq) AS previous,
               hash = audit_event_digest(prev_hash, organization_id, seq, id, occurred_at, action, status, actor_type, actor_id,
                 impersonator_id, resource_type, resource_id, request_id, details, pii_digest) AS valid
          FROM audit_events WHERE organization_id = ${bulk.id}::uuid)
      SELECT count(*) AS n, count(*) FILTER (WHERE NOT valid OR (previous IS NOT NULL AND prev_hash <> previous)) AS broken, max(seq) AS max_seq FROM c`;
    expect({ n: Number(check!.n), broken: Number(check!.broken), maxSeq: Number(check!.max_seq) }).toEqual({ n: 5002, broken: 0, maxSeq: 5002 });
    const head = await db.auditChainHead.findUniqueOrThrow({ where: { chainKey: bulk.id }, select: { lastSeq: true } });
    expect(head.lastSeq).toBe(5002n);
  });

  it("leaves no gap when the transaction that wrote an event rolls back", async () => {
    const solo = await db.organization.create({ data: { name: "Rollback Co", slug: "rollback-co" }, select: { id: true } });
    await db.auditEvent.create({ data: event(solo.id, 1) });
    await expect(
      db.$transaction(async (tx) => {
        await tx.auditEvent.create({ data: event(solo.id, 2) });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    await db.auditEvent.create({ data: event(solo.id, 3) });
    const seqs = await db.auditEvent.findMany({ where: { organizationId: solo.id }, select: { seq: true }, orderBy: { seq: "asc" } });
    expect(seqs.map((s) => Number(s.seq))).toEqual([1, 2]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(db.$executeRaw`UPDATE audit_events SET action = 'org.delete'`).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.$executeRaw`DELETE FROM audit_events`).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.$executeRaw`TRUNCATE audit_events`).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it("allows deletion only on the retention path", async () => {
    const before = await db.auditEvent.count({ where: { organizationId: null } });
    await db.auditEvent.create({ data: event(null, 1) });
    const deleted = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL atrium.audit_retention = 'on'`;
      return tx.$executeRaw`DELETE FROM audit_events WHERE organization_id IS NULL`;
    });
    expect(deleted).toBe(before + 1);
  });

  it("lets personal data be erased, and nothing else be changed, without breaking the chain", async () => {
    const erasable = await db.organization.create({ data: { name: "Erasure Co", slug: "erasure-co" }, select: { id: true } });
    await db.auditEvent.create({ data: { ...event(erasable.id, 1), actorLabel: "ada@example.com", ip: "192.0.2.1", personal: { email: "bob@example.com" } } });
    const erase = (set: string) =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL atrium.audit_erasure = 'on'`;
        return tx.$executeRawUnsafe(`UPDATE audit_events SET ${set} WHERE organization_id = '${erasable.id}'`);
      });
    await expect(erase("details = '{}'::jsonb, pii_salt = NULL, pii_erased_at = now()")).rejects.toThrow(/append-only: UPDATE refused/);
    expect(await erase("actor_label = 'erased', ip = NULL, personal = '{}'::jsonb, pii_salt = NULL, pii_erased_at = now()")).toBe(1);
    const [row] = await db.$queryRaw<{ valid: boolean }[]>`
      SELECT hash = audit_event_digest(prev_hash, organization_id, seq, id, occurred_at, action, status, actor_type, actor_id,
             impersonator_id, resource_type, resource_id, request_id, details, pii_digest) AS valid
        FROM audit_events WHERE organization_id = ${erasable.id}::uuid`;
    expect(row!.valid).toBe(true);
  });

  it("has a partition for the current month and the next three", async () => {
    const rows = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM generate_series(date_trunc('month', now()), date_trunc('month', now()) + interval '3 months', interval '1 month') m
       WHERE to_regclass(format('audit_events_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'))) IS NOT NULL`;
    expect(rows[0]!.n).toBe(4);
  });
});
