/**
 * Logical backup and restore of Atrium's data, with nothing but a PostgreSQL
 * connection: it works the same against the embedded server (which ships no
 * `pg_dump`) and against any external PostgreSQL.
 *
 * A backup is one gzip stream of lines:
 *   1. a JSON header: format, the migrations applied (name + checksum), and
 *      every table of the `public` schema with its columns (partitions with
 *      their parent and bounds);
 *   2. per table, a JSON line `{"table": …, "rows": n}` followed by its rows in
 *      COPY text format (one line per row) and a `\.` terminator.
 * It is read from one REPEATABLE READ snapshot, so it is consistent.
 *
 * The schema is not in the backup: the migrations are the schema. Restore
 * takes an empty database, applies exactly the migrations the backup was taken
 * at (refusing if this code does not have them, or has them with other
 * content), loads every table in one transaction with triggers off
 * (`session_replication_role = replica`, so the audit log's append-only and
 * hash-chain triggers keep their hands off rows that are being restored, not
 * written), moves sequences past the restored ids, and then applies any newer
 * migrations. A backup from an older release thus restores into a newer one.
 * Loading with triggers off needs a superuser (or a role allowed to set
 * `session_replication_role`).
 *
 * Not included: pg-boss's own schema (queued jobs). Durable intents live in
 * Atrium's tables (outboxes, exports, purge ledgers) and schedules are
 * re-created at worker start.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { migrate, readMigrations } from "./migrate.ts";

export const BACKUP_FORMAT = "atrium-backup/1";

interface TableInfo {
  name: string;
  columns: string[];
  /** For a partition: its parent and `FOR VALUES …` bound. */
  partitionOf?: { parent: string; bound: string };
}

interface Header {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  serverVersion: string;
  migrations: { name: string; checksum: string }[];
  tables: TableInfo[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  migrations: number;
}

export class BackupError extends Error {
  override name = "BackupError";
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Writes a backup of the database at `url` to `out` (gzip). */
export async function backupDatabase(url: string, out: Writable): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const gzip = createGzip();
  const piped = pipeline(gzip, out);
  let rows = 0;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const header: Header = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ v: string }>("SHOW server_version")).rows[0]!.v,
      migrations: (
        await client.query<{ name: string; checksum: string }>(
          `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
            WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
        )
      ).rows,
      tables: await listTables(client),
    };
    await write(gzip, `${JSON.stringify(header)}\n`);
    for (const table of header.tables) {
      const count = Number(
        (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${quote(table.name)}`)).rows[0]!.n,
      );
      await write(gzip, `${JSON.stringify({ table: table.name, rows: count })}\n`);
      const columns = table.columns.map(quote).join(", ");
      const source = client.query(copyTo(`COPY (SELECT ${columns} FROM ONLY ${quote(table.name)}) TO STDOUT`));
      for await (const chunk of source) await write(gzip, chunk as Buffer);
      await write(gzip, "\\.\n");
      rows += count;
    }
    await client.query("COMMIT");
    gzip.end();
    await piped;
    return { tables: header.tables.length, rows, migrations: header.migrations.length };
  } catch (error) {
    gzip.destroy(error as Error);
    await piped.catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** Restores a backup into the empty database at `url`, then migrates it to this code's latest schema. */
export async function restoreDatabase(
  url: string,
  input: Readable,
  options: { log?: (message: string) => void } = {},
): Promise<BackupSummary> {
  const log = options.log ?? (() => {});
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new BackupError("The backup ends early: it is truncated or not an Atrium backup.");
    return value as string;
  };
  let header: Header;
  try {
    header = JSON.parse(await next()) as Header;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError("Not an Atrium backup (the first line is not its header).");
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError(`Unsupported backup format "${String(header.format)}".`);

  const known = new Map((await readMigrations()).map((m) => [m.name, m.checksum]));
  for (const m of header.migrations) {
    const checksum = known.get(m.name);
    if (!checksum) throw new BackupError(`The backup was taken at migration "${m.name}", which this code does not have; restore it with a newer release.`);
    if (checksum !== m.checksum) throw new BackupError(`Migration "${m.name}" differs between the backup and this code.`);
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  try {
    const existing = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (existing.rows[0]!.present) {
      const applied = await client.query(`SELECT 1 FROM "_prisma_migrations" LIMIT 1`);
      if (applied.rowCount) throw new BackupError("The target database is not empty; restore into a new database.");
    }
    const wanted = new Set(header.migrations.map((m) => m.name));
    await migrate(url, { only: (name) => wanted.has(name), log });

    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    const present = new Set((await listTables(client)).map((t) => t.name));
    for (const table of header.tables) {
      if (table.partitionOf && !present.has(table.name)) {
        await client.query(`CREATE TABLE ${quote(table.name)} PARTITION OF ${quote(table.partitionOf.parent)} ${table.partitionOf.bound}`);
      } else if (!present.has(table.name)) {
        throw new BackupError(`Table "${table.name}" is in the backup but not in the schema its migrations create.`);
      }
    }
    // Rows a migration inserted (seed data) come back from the backup instead.
    await client.query(`TRUNCATE ${header.tables.map((t) => `ONLY ${quote(t.name)}`).join(", ")}`);
    for (const table of header.tables) {
      const intro = JSON.parse(await next()) as { table: string; rows: number };
      if (intro.table !== table.name) throw new BackupError(`Expected table "${table.name}", found "${intro.table}".`);
      let count = 0;
      const rowsOfTable = async function* () {
        for (let line = await next(); line !== "\\."; line = await next()) {
          count++;
          yield `${line}\n`;
        }
      };
      await pipeline(
        Readable.from(rowsOfTable()),
        client.query(copyFrom(`COPY ${quote(table.name)} (${table.columns.map(quote).join(", ")}) FROM STDIN`)),
      );
      if (count !== intro.rows) throw new BackupError(`Table "${table.name}": expected ${intro.rows} rows, read ${count}.`);
      rows += count;
    }
    await resetSequences(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
    lines.return?.();
  }
  const newer = await migrate(url, { log });
  if (newer.length) log(`applied ${newer.length} migration(s) newer than the backup`);
  return { tables: header.tables.length, rows, migrations: header.migrations.length };
}

async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; parent: string | null; bound: string | null }>(`
    SELECT c.relname AS name,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns,
           p.relname AS parent,
           pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
      LEFT JOIN pg_class p ON p.oid = i.inhparent
     WHERE c.relkind = 'r' AND c.relname <> '_prisma_migrations'
     GROUP BY c.oid, c.relname, p.relname
     ORDER BY c.relname`);
  return rows.map((r) => ({
    name: r.name,
    columns: r.columns,
    ...(r.parent && r.bound ? { partitionOf: { parent: r.parent, bound: r.bound } } : {}),
  }));
}

/** Moves every column-owned sequence past the largest restored value. */
async function resetSequences(client: pg.Client) {
  const { rows } = await client.query<{ seq: string; tbl: string; col: string }>(`
    SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
      FROM pg_class s
      JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = 'public'
     WHERE s.relkind = 'S'`);
  for (const r of rows) {
    await client.query(
      `SELECT setval(${pgLiteral(quote(r.seq))}, GREATEST((SELECT max(${quote(r.col)}) FROM ${quote(r.tbl)}), 1), (SELECT max(${quote(r.col)}) IS NOT NULL FROM ${quote(r.tbl)}))`,
    );
  }
}

const pgLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

async function write(stream: Writable, data: string | Buffer) {
  if (!stream.write(data)) await once(stream, "drain");
}
