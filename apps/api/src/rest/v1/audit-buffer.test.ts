/**
 * The /v1 audit buffer: records of many requests appended in one statement,
 * in order, linked into the platform chain; kept (and retried) while the
 * database refuses them; all written by close().
 */
import { recordAudits, verifyAuditChain, type AuditEntry } from "@atrium/core/audit";
import { type Actor } from "@atrium/core/actor";
import { createTestDatabase } from "@atrium/db/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { AuditBuffer } from "./audit-buffer.ts";

const { db } = await createTestDatabase();
const HOUR = 3_600_000;
const buffers: AuditBuffer[] = [];
afterAll(() => Promise.all(buffers.map((b) => b.close())));

const actorOf = (n: number): Actor => ({ type: "api_key", keyId: `key-${n % 2}`, label: `application app-${n % 2}`, ip: `10.0.0.${n}`, userAgent: `agent ${n}`, requestId: `buffer-${n}` });
const entryOf = (n: number): AuditEntry => ({ action: "application.authorize", organizationId: null, resource: { type: "application", id: `app-${n % 2}` }, details: { n } });

/** A buffer whose timer never fires during a test: flushes happen when the test says. */
function buffer(options: ConstructorParameters<typeof AuditBuffer>[2] = {}, onError: (e: unknown) => void = () => {}) {
  const created = new AuditBuffer(db, onError, { intervalMs: HOUR, ...options });
  buffers.push(created);
  return created;
}

const logged = (prefix: string) =>
  db.auditEvent.findMany({
    where: { requestId: { startsWith: prefix } },
    orderBy: { seq: "asc" },
    select: { requestId: true, actorId: true, actorLabel: true, ip: true, userAgent: true, details: true },
  });

describe("AuditBuffer", () => {
  it("appends the records of several actors in one statement, in the order they were queued, each with its own actor", async () => {
    const audit = buffer();
    for (let n = 1; n <= 5; n++) audit.push(actorOf(n), entryOf(n));
    expect(audit.size).toBe(5);
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      sent.push((typeof q === "string" ? q : q.text).trim());
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      await audit.flush();
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(sent).toEqual([expect.stringMatching(/^INSERT INTO audit_events/)]);
    expect(audit.size).toBe(0);
    expect(await logged("buffer-")).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ requestId: `buffer-${n}`, actorId: `key-${n % 2}`, actorLabel: `application app-${n % 2}`, ip: `10.0.0.${n}`, userAgent: `agent ${n}`, details: { n } })),
    );
    expect(await verifyAuditChain(db, null)).toMatchObject({ ok: true });
  });

  it("keeps a batch the database refused, in front of newer records, and appends it at the next flush", async () => {
    let refuse = true;
    const errors: unknown[] = [];
    const audit = buffer(
      {
        write: async (target, items) => {
          if (refuse) throw new Error("connection refused");
          await recordAudits(target, items);
        },
      },
      (e) => errors.push(e),
    );
    audit.push({ ...actorOf(1), requestId: "retry-1" }, entryOf(1));
    await audit.flush();
    expect(errors.map((e) => (e as Error).message)).toEqual(["connection refused"]);
    expect(audit.size).toBe(1);
    audit.push({ ...actorOf(2), requestId: "retry-2" }, entryOf(2));
    refuse = false;
    await audit.flush();
    expect((await logged("retry-")).map((e) => e.requestId)).toEqual(["retry-1", "retry-2"]);
  });

  it("drops the oldest records beyond maxQueued while the database refuses them, and says how many", async () => {
    const errors: Error[] = [];
    const audit = buffer({ maxQueued: 2, write: async () => Promise.reject(new Error("down")) }, (e) => errors.push(e as Error));
    for (let n = 1; n <= 3; n++) audit.push(actorOf(n), entryOf(n));
    await audit.flush();
    expect(audit.size).toBe(2);
    expect(errors.map((e) => e.message)).toEqual(["1 /v1 audit records dropped: the database refused them"]);
  });

  it("appends at once when maxEntries records wait, and writes everything queued on close", async () => {
    const audit = buffer({ maxEntries: 3 });
    for (let n = 1; n <= 4; n++) audit.push({ ...actorOf(n), requestId: `close-${n}` }, entryOf(n));
    await audit.flush(); // the append the third record started is chained before this one
    audit.push({ ...actorOf(5), requestId: "close-5" }, entryOf(5));
    await audit.close();
    expect((await logged("close-")).map((e) => e.requestId)).toEqual(["close-1", "close-2", "close-3", "close-4", "close-5"]);
  });
});
