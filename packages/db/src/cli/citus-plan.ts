/**
 * `npm run db:citus-plan`: prints the SQL that distributes Atrium's schema on
 * Citus (see src/citus/plan.ts and docs/SCALING.md), read from the migrated
 * database (DATABASE_URL's, or the embedded server's). The SQL goes to
 * stdout, progress to stderr: `npm run db:citus-plan > citus.sql`.
 */
import { join } from "node:path";
import { citusPlan, readCatalog } from "../citus/plan.ts";
import { startEmbeddedPostgres } from "../embedded.ts";
import { readDbEnv } from "../env.ts";
import { migrate } from "../migrate.ts";

const env = readDbEnv();
const log = (line: string) => console.error(line);
const server = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: join(env.dataDir, "postgres"), port: env.ATRIUM_PG_PORT, log });
const url = env.DATABASE_URL ?? server!.url;
try {
  await migrate(url, { log });
  process.stdout.write(citusPlan(await readCatalog(url)).sql);
} finally {
  if (server && !server.reused) await server.stop();
}
