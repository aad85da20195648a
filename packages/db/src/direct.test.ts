import { describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { copyCsv, executeRaw, inlineSql, queryRaw } from "./direct.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { createTestDatabase } from "./testing.ts";

const { db, url } = await createTestDatabase();
const org = await db.organization.create({ data: { name: "Direct Co", slug: "direct-co" }, select: { id: true } });
const insert = (n: number) => Prisma.sql`
  INSERT INTO audit_events (organization_id, action, status, actor_type, resource_type, details)
  VALUES (${org.id}::uuid, 'org.update', 'success', 'system', 'organization', ${JSON.stringify({ n })}::jsonb)`;
const read = Prisma.sql`
  SELECT seq, occurred_at, details FROM audit_events WHERE organization_id = ${org.id}::uuid ORDER BY seq`;

describe("statements sent without Prisma", () => {
  it("reads rows as Prisma does: int8 as bigint, timestamptz as Date, jsonb as an object", async () => {
    expect(await executeRaw(db, insert(1))).toBe(1);
    const direct = await queryRaw<{ seq: bigint; occurred_at: Date; details: unknown }>(db, read);
    const viaPrisma = await db.$queryRaw<{ seq: bigint; occurred_at: Date; details: unknown }[]>(read);
    expect(direct).toEqual(viaPrisma);
    expect(direct[0]).toMatchObject({ seq: 1n, details: { n: 1 } });
    expect(direct[0]!.occurred_at).toBeInstanceOf(Date);
  });

  it("runs inside a transaction on the transaction's connection, so it commits or rolls back with it", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await executeRaw(tx, insert(2));
        expect(await queryRaw<{ seq: bigint }>(tx, read)).toHaveLength(2);
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await queryRaw<{ seq: bigint }>(db, read)).toHaveLength(1);
    await db.$transaction(async (tx) => executeRaw(tx, insert(3)));
    expect((await queryRaw<{ seq: bigint }>(db, read)).map((r) => r.seq)).toEqual([1n, 2n]);
  });

  it("reports database errors like Prisma's path does: the append-only table refuses an update", async () => {
    await expect(executeRaw(db, Prisma.sql`UPDATE audit_events SET action = 'org.delete'`)).rejects.toThrow(/append-only: UPDATE refused/);
  });

  it("goes through Prisma once the client was disconnected and is used again", async () => {
    const other = createDb(url, { maxConnections: 2 });
    await other.$queryRaw`SELECT 1`;
    await other.$disconnect();
    const [row] = await queryRaw<{ n: bigint }>(other, Prisma.sql`SELECT count(*) AS n FROM organizations WHERE slug = 'direct-co'`);
    expect(row!.n).toBe(1n);
    await other.$disconnect();
  });
});

describe("COPY, whose statement takes no parameters", () => {
  it("writes each value into the statement as a literal that means what the parameter meant", async () => {
    const cases: [unknown, string][] = [
      ...["O'Brien", "back\\slash", "\\'; SELECT 1; --", "E'x'", "Zoë ✓ 😀", "", "$1", "?", "%_"].map((v): [unknown, string] => [v, "text"]),
      [42, "int"], [-7, "int"], [2.5, "float8"], [9007199254740993n, "int8"], [-1n, "int8"], [true, "bool"], [false, "bool"], [null, "text"],
      [new Date("2026-01-02T03:04:05.678Z"), "timestamptz"], [["a", "b'c", "d\\e"], "text[]"], [[], "text[]"],
    ];
    for (const [value, type] of cases) {
      const query = Prisma.sql`SELECT (${value}::${Prisma.raw(type)})::text AS v, ${value}::${Prisma.raw(type)} IS NULL AS missing`;
      const inlined = await db.$queryRawUnsafe<{ v: string | null; missing: boolean }[]>(inlineSql(query));
      expect({ value, rows: inlined }).toEqual({ value, rows: await db.$queryRaw(query) });
    }
    expect(() => inlineSql(Prisma.sql`SELECT ${{ not: "a literal" }}`)).toThrow(/cannot be written into SQL/);
    expect(() => inlineSql(Prisma.sql`SELECT ${Number.NaN}`)).toThrow(/cannot be written into SQL/);
  });

  it("returns PostgreSQL's CSV of the rows, and the same after the client was disconnected", async () => {
    const query = Prisma.sql`SELECT n, ${"a,b"}::text AS quoted, NULL AS nothing, '' AS empty FROM generate_series(1, 2) AS n`;
    const expected = '1,"a,b",,""\n2,"a,b",,""\n';
    expect((await copyCsv(db, query)).toString()).toBe(expected);
    const other = createDb(url, { maxConnections: 1 });
    await other.$disconnect();
    expect((await copyCsv(other, query)).toString()).toBe(expected);
  });

  it("fails with the database's error and leaves the pool working", async () => {
    const failing = Prisma.sql`SELECT 1 / (2 - n) FROM generate_series(1, 3) AS n`;
    const one = createDb(url, { maxConnections: 1 });
    await expect(copyCsv(one, failing)).rejects.toThrow(/division by zero/);
    expect((await copyCsv(one, Prisma.sql`SELECT 1`)).toString()).toBe("1\n");
    expect(await queryRaw<{ n: number }>(one, Prisma.sql`SELECT 2 AS n`)).toEqual([{ n: 2 }]);
    await one.$disconnect();
  });
});

