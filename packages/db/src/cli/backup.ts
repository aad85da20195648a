/**
 * `npm run db:backup [-- <file>]`: writes a consistent logical backup of the
 * database (see src/backup.ts) to <file>, by default
 * `<data dir>/backups/atrium-<timestamp>.backup.gz`.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { backupDatabase } from "../backup.ts";
import { withServer } from "../cli.ts";
import { readDbEnv } from "../env.ts";

const env = readDbEnv();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const file = process.argv[2]
  ? resolve(env.invocationDir, process.argv[2])
  : join(env.dataDir, "backups", `atrium-${stamp}.backup.gz`);

await mkdir(dirname(file), { recursive: true });
await withServer(async (url) => {
  const summary = await backupDatabase(url, createWriteStream(file));
  console.log(`Backed up ${summary.rows} rows in ${summary.tables} tables (at migration ${summary.migrations}) to ${file}`);
});
