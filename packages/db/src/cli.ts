/**
 * For one-shot commands (migrate, seed): a migrated database for the
 * duration of `work` — DATABASE_URL's, or the embedded server's under the
 * data directory (started here and stopped afterwards unless it was already
 * running).
 */
import { join } from "node:path";
import { startEmbeddedPostgres } from "./embedded.ts";
import { readDbEnv } from "./env.ts";
import { migrate } from "./migrate.ts";

export async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const env = readDbEnv();
  if (env.DATABASE_URL) {
    await migrate(env.DATABASE_URL, { log: console.log });
    await work(env.DATABASE_URL);
    return;
  }
  const server = await startEmbeddedPostgres({
    dataDir: join(env.dataDir, "postgres"),
    port: env.ATRIUM_PG_PORT,
    log: console.log,
  });
  try {
    await migrate(server.url, { log: console.log });
    await work(server.url);
  } finally {
    if (!server.reused) await server.stop();
  }
}
