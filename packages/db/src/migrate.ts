/**
 * Applies the hand-written SQL migrations in prisma/migrations, keeping the
 * same bookkeeping as Prisma Migrate (`_prisma_migrations`, SHA-256 checksum
 * of migration.sql) so `prisma migrate deploy` agrees with it wherever the
 * schema engine is available.
 *
 * - Each migration runs in its own transaction together with its bookkeeping
 *   row: it is applied entirely or not at all.
 * - A migration whose file changed after it was applied is refused.
 * - A session-level advisory lock makes concurrent runners (two processes
 *   starting at once) apply each migration exactly once.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
const MIGRATION_NAME = /^(\d{14})_([a-z0-9]+(?:_[a-z0-9]+)*)$/;
/** Arbitrary constant shared by every runner: the key of the advisory lock. */
const LOCK_KEY = 7_247_868_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const intents = new Set<string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = MIGRATION_NAME.exec(name);
    if (!match) {
      throw new MigrationError(`migration folder "${name}" must be named <14-digit timestamp>_<snake_case_intent>`);
    }
    const intent = match[2]!;
    if (intents.has(intent)) throw new MigrationError(`two migrations are named "${intent}"`);
    intents.add(intent);
    const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
    if (sql.trim() === "") throw new MigrationError(`migration "${name}" is empty`);
    migrations.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

export interface MigrateOptions {
  dir?: string;
  log?: (message: string) => void;
  /** Apply only the migrations this accepts (restore replays a backup's own set). */
  only?: (name: string) => boolean;
}

/** Applies pending migrations to the database at `url`; returns their names. */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<string[]> {
  const all = await readMigrations(options.dir);
  const migrations = options.only ? all.filter((m) => options.only!(m.name)) : all;
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum"            VARCHAR(64) NOT NULL,
        "finished_at"         TIMESTAMPTZ,
        "migration_name"      VARCHAR(255) NOT NULL,
        "logs"                TEXT,
        "rolled_back_at"      TIMESTAMPTZ,
        "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const row = recorded.get(migration.name);
      if (row) {
        if (row.finished_at === null) {
          throw new MigrationError(`migration "${migration.name}" started but did not finish; resolve it before migrating`);
        }
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration "${migration.name}" was edited after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      log(`applying ${migration.name}`);
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(`migration "${migration.name}" failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    const known = new Set(all.map((m) => m.name));
    for (const name of recorded.keys()) {
      if (!known.has(name)) log(`warning: the database has migration "${name}", which this code does not know`);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
