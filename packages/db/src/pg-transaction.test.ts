import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client.ts";
import { pgTransaction } from "./pg-transaction.ts";
import { createTestDatabase } from "./testing.ts";

const { db, url } = await createTestDatabase();
const slugs = async (prefix: string) =>
  (await db.organization.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true }, orderBy: { slug: "asc" } })).map((o) => o.slug);
const insertOrg = (slug: string) => Prisma.sql`INSERT INTO organizations (name, slug) VALUES (${slug}, ${slug}) RETURNING slug`;

describe("a transaction on node-postgres", () => {
  it("runs batches, prepared statements and the final batch with COMMIT in one transaction", async () => {
    const ids = await pgTransaction(db, async (tx) => {
      const [[first], [inserted]] = (await tx.batch([Prisma.sql`SELECT txid_current()::text AS id`, insertOrg("pgtx-a")])) as [[{ id: string }], [{ slug: string }]];
      const [second] = await tx.$queryRaw<{ id: string }[]>`SELECT txid_current()::text AS id`;
      expect(await tx.$executeRaw`INSERT INTO organizations (name, slug) VALUES ('b', 'pgtx-b')`).toBe(1);
      const [[third]] = (await tx.commit([Prisma.sql`SELECT txid_current()::text AS id`, insertOrg("pgtx-c")])) as [[{ id: string }]];
      expect(inserted).toEqual({ slug: "pgtx-a" });
      return [first.id, second!.id, third.id];
    });
    expect(new Set(ids).size).toBe(1);
    expect(await slugs("pgtx-")).toEqual(["pgtx-a", "pgtx-b", "pgtx-c"]);
  });

  it("rolls everything back when the work throws, or when a statement of the final batch fails", async () => {
    await expect(
      pgTransaction(db, async (tx) => {
        await tx.batch([insertOrg("rollback-a")]);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    await expect(
      pgTransaction(db, async (tx) => {
        await tx.$executeRaw`INSERT INTO organizations (name, slug) VALUES ('b', 'rollback-b')`;
        await tx.commit([insertOrg("rollback-c"), insertOrg("rollback-b")]);
      }),
    ).rejects.toThrow(/unique constraint/);
    expect(await slugs("rollback-")).toEqual([]);
    // The connections went back to the pool clean: the next transaction commits.
    await pgTransaction(db, async (tx) => tx.batch([insertOrg("rollback-after")]));
    expect(await slugs("rollback-")).toEqual(["rollback-after"]);
  });

  it("refuses a statement after COMMIT", async () => {
    await expect(
      pgTransaction(db, async (tx) => {
        await tx.commit([insertOrg("after-commit-a")]);
        await tx.batch([insertOrg("after-commit-b")]);
      }),
    ).rejects.toThrow("already committed");
    expect(await slugs("after-commit-")).toEqual(["after-commit-a"]);
  });

  it("gives each statement of a batch its own snapshot: a read after a lock sees what the lock's previous holder committed", async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(4242)");
      await holder.query("INSERT INTO organizations (name, slug) VALUES ('h', 'snapshot-held')");
      const waiting = pgTransaction(db, (tx) =>
        tx.batch([Prisma.sql`SELECT pg_advisory_xact_lock(4242)::text`, Prisma.sql`SELECT count(*)::int AS n FROM organizations WHERE slug = 'snapshot-held'`]),
      );
      // Commit only once the batch waits on the lock, so its read comes after the commit.
      const waits = async () => ((await holder.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0] as { n: number }).n;
      while ((await waits()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await holder.query("COMMIT");
      const [, [count]] = (await waiting) as [unknown, [unknown]];
      expect(count).toEqual({ n: 1 });
    } finally {
      await holder.end();
    }
  });

  it("writes values as literals that mean what the parameters meant, and refuses a NUL character", async () => {
    const tricky = "O'Brien \\'; DROP TABLE organizations; --";
    const [[row]] = await pgTransaction(db, async (tx) => (await tx.commit([Prisma.sql`SELECT ${tricky}::text AS v, ${["a'b", null]}::text[] AS list`])) as [[unknown]]);
    expect(row).toEqual({ v: tricky, list: ["a'b", null] });
    await expect(pgTransaction(db, (tx) => tx.batch([insertOrg("nul\0byte")]))).rejects.toThrow(/NUL/);
  });
});
