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
  await withServer(async (url) => {
    await migrate(url, { log: console.log });
    await work(url);
  });
}

/** Like `withDatabase`, without migrating first (backup and restore decide themselves). */
export async function withServer(work: (url: string) => Promise<void>): Promise<void> {
  const env = readDbEnv();
  if (env.DATABASE_URL) return work(env.DATABASE_URL);
  const server = await startEmbeddedPostgres({
    dataDir: join(env.dataDir, "postgres"),
    port: env.ATRIUM_PG_PORT,
    log: console.log,
  });
  try {
    await work(server.url);
  } finally {
    if (!server.reused) await server.stop();
  }
}
