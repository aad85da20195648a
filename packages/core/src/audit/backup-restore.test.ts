import { PassThrough, Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { backupDatabase, BackupError, restoreDatabase } from "@atrium/db/backup";
import { createDb } from "@atrium/db";
import { migrate, readMigrations } from "@atrium/db/migrate";
import { createEmptyTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { verifyAuditChain } from "./verify.ts";
import { recordAudit } from "./writer.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

async function backupToBuffer(url: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  await backupDatabase(url, sink);
  return Buffer.concat(chunks);
}

const { demo, ...source } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
// An event in a month older than the partitions the migrations create: restore must recreate its partition.
await source.db.$executeRaw`SELECT audit_events_ensure_partitions('2022-03-01', '2022-03-01')`;
await source.db.$executeRaw`
  INSERT INTO audit_events (organization_id, action, status, actor_type, resource_type, details, occurred_at)
  VALUES (${acme}::uuid, 'org.update', 'success', 'system', 'organization', '{"note":"old"}', '2022-03-15T12:00:00Z')`;
await recordAudit(source.db, systemActor("test"), {
  action: "org.update",
  organizationId: acme,
  resource: { type: "organization", id: acme },
  details: { note: "latest" },
  personal: { email: "ada@example.com" },
});

const counts = async (url: string) => {
  const db = createDb(url, { maxConnections: 1 });
  try {
    const rows = await db.$queryRaw<{ t: string; n: bigint }[]>`
      SELECT 'users' AS t, count(*) AS n FROM users UNION ALL
      SELECT 'organizations', count(*) FROM organizations UNION ALL
      SELECT 'memberships', count(*) FROM memberships UNION ALL
      SELECT 'audit_events', count(*) FROM audit_events UNION ALL
      SELECT 'audit_chain_heads', count(*) FROM audit_chain_heads`;
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  } finally {
    await db.$disconnect();
  }
};

describe("backup and restore", () => {
  const target = createEmptyTestDatabase();
  const restoredDb = target.then((t) => createDb(t.url, { maxConnections: 2 }));
  afterAll(async () => (await restoredDb).$disconnect());

  it("round-trips every row, and every organization's audit chain verifies after restore", async () => {
    const backup = await backupToBuffer(source.url);
    const { url } = await target;
    const summary = await restoreDatabase(url, Readable.from(backup));
    expect(summary.rows).toBeGreaterThan(100);
    expect(await counts(url)).toEqual(await counts(source.url));

    const db = await restoredDb;
    const orgs = await db.organization.findMany({ select: { id: true } });
    for (const org of orgs) {
      const verdict = await verifyAuditChain(db, org.id);
      expect(verdict, org.id).toMatchObject({ ok: true });
    }
    // The restored log is as protected as the original, and the chain goes on from where it stopped.
    await expect(db.$executeRaw`DELETE FROM audit_events WHERE organization_id = ${acme}::uuid`).rejects.toThrow();
    await recordAudit(db, systemActor("test"), {
      action: "org.update",
      organizationId: acme,
      resource: { type: "organization", id: acme },
    });
    expect(await verifyAuditChain(db, acme)).toMatchObject({ ok: true });
    // Sign-in data survives: the demo admin's password hash is byte-identical.
    const [before, after] = await Promise.all([
      source.db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" }, select: { passwordHash: true } }),
      db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" }, select: { passwordHash: true } }),
    ]);
    expect(after.passwordHash).toBe(before.passwordHash);
  });

  it("refuses a database that is not empty", async () => {
    const backup = await backupToBuffer(source.url);
    await expect(restoreDatabase(source.url, Readable.from(backup))).rejects.toThrow(/not empty/);
  });

  it("refuses a truncated backup and leaves the target without data", async () => {
    const backup = await backupToBuffer(source.url);
    const empty = await createEmptyTestDatabase();
    const text = gunzipSync(backup).toString("utf8");
    const cut = gzipSync(text.slice(0, Math.floor(text.length / 2)));
    await expect(restoreDatabase(empty.url, Readable.from(cut))).rejects.toThrow(BackupError);
    const db = createDb(empty.url, { maxConnections: 1 });
    try {
      expect(await db.user.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses something that is not a backup", async () => {
    const empty = await createEmptyTestDatabase();
    await expect(restoreDatabase(empty.url, Readable.from(gzipSync("hello\n")))).rejects.toThrow(/Not an Atrium backup/);
  });

  it("restores a backup taken before the latest migration and then applies it", async () => {
    const all = await readMigrations();
    const latest = all.at(-1)!.name;
    const older = await createEmptyTestDatabase();
    await migrate(older.url, { only: (name) => name !== latest });
    const db = createDb(older.url, { maxConnections: 1 });
    try {
      await db.user.create({ data: { email: "old@example.com", name: "Old Release" } });
    } finally {
      await db.$disconnect();
    }
    const backup = await backupToBuffer(older.url);
    const fresh = await createEmptyTestDatabase();
    const applied: string[] = [];
    await restoreDatabase(fresh.url, Readable.from(backup), { log: (m) => applied.push(m) });
    expect(applied).toContain(`applying ${latest}`);
    const restored = createDb(fresh.url, { maxConnections: 1 });
    try {
      expect(await restored.user.findUnique({ where: { email: "old@example.com" }, select: { name: true } })).toEqual({ name: "Old Release" });
    } finally {
      await restored.$disconnect();
    }
  });
});
