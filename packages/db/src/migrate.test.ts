import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { MIGRATIONS_DIR, migrate, readMigrations } from "./migrate.ts";
import { databaseUrl, withAdminClient } from "./testing.ts";

const { adminUrl } = inject("atriumDatabase");
const created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `atrium_migrate_${created.length}_${process.pid}_${Date.now()}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return databaseUrl(adminUrl, name);
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "atrium-migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

const appliedNames = (url: string) =>
  withAdminClient(url, async (c) =>
    (await c.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations ORDER BY 1`)).rows.map(
      (r) => r.migration_name,
    ),
  );

afterAll(async () => {
  for (const name of created) await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`));
});

describe("migrate", () => {
  it("applies every migration exactly once when two runners start at the same time", async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    const all = (await readMigrations()).map((m) => m.name);
    expect([...a, ...b].sort()).toEqual(all);
    expect(await appliedNames(url)).toEqual(all);
    expect(await migrate(url)).toEqual([]);
  });

  it("records Prisma's bookkeeping: the SHA-256 of migration.sql and a finish time", async () => {
    const url = await emptyDatabase();
    await migrate(url);
    const [first] = await readMigrations();
    const row = await withAdminClient(url, async (c) =>
      (await c.query(`SELECT checksum, finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = $1`, [first!.name])).rows[0],
    );
    expect(row.checksum).toBe(first!.checksum);
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.applied_steps_count).toBe(1);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { dir });
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(`migration "${first!.name}" was edited after it was applied`);
  });

  it("rolls a failing migration back entirely, bookkeeping included", async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await mkdir(join(dir, "29990101000000_broken_change"));
    await writeFile(
      join(dir, "29990101000000_broken_change", "migration.sql"),
      "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n",
    );
    await expect(migrate(url, { dir })).rejects.toThrow('migration "29990101000000_broken_change" failed');
    const state = await withAdminClient(url, async (c) => ({
      table: (await c.query(`SELECT to_regclass('half_done') AS t`)).rows[0].t,
      rows: (await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name LIKE '%broken%'`)).rows[0].n,
    }));
    expect(state).toEqual({ table: null, rows: 0 });
  });

  it("refuses badly named, duplicate or empty migrations", async () => {
    const bad = await mkdtemp(join(tmpdir(), "atrium-migrations-"));
    await mkdir(join(bad, "add_users"));
    await expect(readMigrations(bad)).rejects.toThrow('migration folder "add_users" must be named');

    const dup = await mkdtemp(join(tmpdir(), "atrium-migrations-"));
    for (const name of ["20260101000000_add_users", "20260102000000_add_users"]) {
      await mkdir(join(dup, name));
      await writeFile(join(dup, name, "migration.sql"), "SELECT 1;");
    }
    await expect(readMigrations(dup)).rejects.toThrow('two migrations are named "add_users"');

    const empty = await mkdtemp(join(tmpdir(), "atrium-migrations-"));
    await mkdir(join(empty, "20260101000000_nothing"));
    await writeFile(join(empty, "20260101000000_nothing", "migration.sql"), "  \n");
    await expect(readMigrations(empty)).rejects.toThrow('migration "20260101000000_nothing" is empty');
  });
});
