/**
 * `npm run db:restore -- <file> [--replace]`: restores a backup made by
 * `npm run db:backup` into the database (DATABASE_URL's, or the embedded one),
 * which must be empty. `--replace` first wipes Atrium's schemas in it: stop
 * the API and worker before using it.
 */
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { BackupError, restoreDatabase } from "../backup.ts";
import { withServer } from "../cli.ts";
import { readDbEnv } from "../env.ts";

const args = process.argv.slice(2);
const replace = args.includes("--replace");
const fileArg = args.find((a) => !a.startsWith("--"));
if (!fileArg) {
  console.error("Usage: npm run db:restore -- <backup file> [--replace]");
  process.exit(2);
}
const file = resolve(readDbEnv().invocationDir, fileArg);

await withServer(async (url) => {
  if (replace) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SET client_min_messages = warning");
      await client.query("DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    } finally {
      await client.end();
    }
  }
  try {
    const summary = await restoreDatabase(url, createReadStream(file), { log: console.log });
    console.log(`Restored ${summary.rows} rows in ${summary.tables} tables from ${file}`);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`Restore refused: ${error.message}${replace ? "" : " (--replace wipes it first)"}`);
    process.exitCode = 1;
  }
});
