import { createDb } from "@atrium/db";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor.ts";
import { verifyAuditChain } from "./verify.ts";
import { recordAudit, recordAuditBatch, type AuditEntry } from "./writer.ts";

const { db, url } = await createTestDatabase();
// Enough connections for every concurrent writer to hold its own.
const wide = createDb(url, { maxConnections: 12 });
afterAll(() => wide.$disconnect());
const newOrgs = (prefix: string, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => db.organization.create({ data: { name: `${prefix} ${i}`, slug: `${prefix}-${i}` }, select: { id: true } }).then((o) => o.id)));
const entry = (organizationId: string | null, n: number): AuditEntry => ({
  action: "org.update",
  organizationId,
  resource: { type: "organization", id: organizationId },
  details: { n },
});
const seqsOf = async (organizationId: string) =>
  (await db.$queryRaw<{ seq: bigint; n: number }[]>`
    SELECT seq, (details->>'n')::int AS n FROM audit_events WHERE organization_id = ${organizationId}::uuid ORDER BY seq`).map((r) => ({ seq: Number(r.seq), n: r.n }));

describe("recordAuditBatch", () => {
  it("links a batch into its chain in the order given, with the actor's columns on every event", async () => {
    const [org] = await newOrgs("batch-order", 1);
    const actor: Actor = { type: "user", userId: "00000000-0000-4000-8000-000000000001", email: "ada@example.com", ip: "192.0.2.7", userAgent: "test", requestId: "req-1" };
    await recordAuditBatch(db, actor, [3, 1, 2].map((n) => ({ ...entry(org!, n), status: n === 1 ? "denied" : "success", personal: { name: `P${n}` } })));
    const rows = await db.$queryRaw<{ seq: bigint; n: number; status: string; actor_label: string; ip: string; request_id: string; name: string }[]>`
      SELECT seq, (details->>'n')::int AS n, status::text, actor_label, ip, request_id, personal->>'name' AS name
        FROM audit_events WHERE organization_id = ${org}::uuid ORDER BY seq`;
    expect(rows.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual([
      { seq: 1, n: 3, status: "success", actor_label: "ada@example.com", ip: "192.0.2.7", request_id: "req-1", name: "P3" },
      { seq: 2, n: 1, status: "denied", actor_label: "ada@example.com", ip: "192.0.2.7", request_id: "req-1", name: "P1" },
      { seq: 3, n: 2, status: "success", actor_label: "ada@example.com", ip: "192.0.2.7", request_id: "req-1", name: "P2" },
    ]);
    expect(await verifyAuditChain(db, org!)).toEqual({ ok: true, checked: 3 });
  });

  it("records text PostgreSQL cannot store (NUL, half a surrogate pair) as U+FFFD, in single and batch appends alike", async () => {
    const [org] = await newOrgs("batch-unstorable", 1);
    const actor: Actor = { type: "user", userId: "00000000-0000-4000-8000-000000000002", email: "nul\u0000@example.com", userAgent: "agent\ud800" };
    const odd = (n: number): AuditEntry => ({ ...entry(org!, n), resource: { type: "organization", id: "id\u0000" }, details: { n, reason: "a\u0000b\udc00c", ["k\u0000"]: 1 } });
    await recordAudit(db, actor, odd(1));
    await recordAuditBatch(db, actor, [odd(2), odd(3)]);
    const rows = await db.$queryRaw<{ reason: string; key: boolean; resource_id: string; actor_label: string; user_agent: string }[]>`
      SELECT details->>'reason' AS reason, details ? ${"k\ufffd"} AS key, resource_id, actor_label, user_agent
        FROM audit_events WHERE organization_id = ${org}::uuid ORDER BY seq`;
    expect(rows).toEqual(
      [1, 2, 3].map(() => ({ reason: "a\ufffdb\ufffdc", key: true, resource_id: "id\ufffd", actor_label: "nul\ufffd@example.com", user_agent: "agent\ufffd" })),
    );
    expect(await verifyAuditChain(db, org!)).toEqual({ ok: true, checked: 3 });
  });

  it("keeps every organization's order in a batch that mixes organizations and the platform chain", async () => {
    const [a, b] = await newOrgs("batch-mixed", 2);
    const platformBefore = (await verifyAuditChain(db, null)).checked;
    await recordAuditBatch(db, systemActor("test"), [entry(b!, 1), entry(a!, 1), entry(null, 1), entry(b!, 2), entry(a!, 2), entry(b!, 3)]);
    expect(await seqsOf(a!)).toEqual([{ seq: 1, n: 1 }, { seq: 2, n: 2 }]);
    expect(await seqsOf(b!)).toEqual([{ seq: 1, n: 1 }, { seq: 2, n: 2 }, { seq: 3, n: 3 }]);
    expect(await verifyAuditChain(db, null)).toEqual({ ok: true, checked: platformBefore + 1 });
  });

  it("commits with the transaction it is given, or not at all", async () => {
    const [org] = await newOrgs("batch-tx", 1);
    await expect(
      db.$transaction(async (tx) => {
        await recordAuditBatch(tx, systemActor("test"), [entry(org!, 1), entry(org!, 2)]);
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    await db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: org! }, data: { name: "Renamed" }, select: { id: true } });
      await recordAudit(tx, systemActor("test"), entry(org!, 3));
      await recordAuditBatch(tx, systemActor("test"), [entry(org!, 4), entry(org!, 5)]);
    });
    expect(await seqsOf(org!)).toEqual([{ seq: 1, n: 3 }, { seq: 2, n: 4 }, { seq: 3, n: 5 }]);
    expect(await verifyAuditChain(db, org!)).toEqual({ ok: true, checked: 3 });
  });

  it("keeps every chain valid and gapless under concurrent single and batch writers spanning the same organizations", async () => {
    const orgs = await newOrgs("concurrent", 4);
    const writers = Array.from({ length: 10 }, async (_, w) => {
      for (let i = 0; i < 6; i++) {
        if (w % 2 === 0) {
          await recordAudit(wide, systemActor("test"), entry(orgs[(w + i) % orgs.length]!, i));
        } else {
          // Each batch names the organizations in a different order (locks are still taken in one order).
          const order = i % 2 === 0 ? orgs : [...orgs].reverse();
          await recordAuditBatch(wide, systemActor("test"), order.flatMap((o) => Array.from({ length: 50 }, () => entry(o, i))));
        }
      }
    });
    await Promise.all(writers);
    const counts = await Promise.all(orgs.map(async (o) => (await seqsOf(o)).map((r) => r.seq)));
    // 5 single writers × 6 events spread over the orgs, 5 batch writers × 6 batches × 50 events per org.
    expect(counts.reduce((sum, seqs) => sum + seqs.length, 0)).toBe(5 * 6 + 5 * 6 * 50 * orgs.length);
    for (const [k, o] of orgs.entries()) {
      expect(counts[k]).toEqual(Array.from({ length: counts[k]!.length }, (_, i) => i + 1));
      expect(await verifyAuditChain(db, o)).toEqual({ ok: true, checked: counts[k]!.length });
    }
  });
});
