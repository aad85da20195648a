/**
 * The benchmark's database: a throwaway database on the server DATABASE_URL
 * names, or a throwaway embedded PostgreSQL. Either way it is migrated before
 * use and removed by `drop()`.
 */
import { randomBytes } from "node:crypto";
import { databaseUrl, withAdminClient } from "@atrium/db/admin";
import { startThrowawayPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";

export interface BenchDatabase {
  url: string;
  /** Where it lives, for the log. */
  description: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const database = serverUrl ? await createThrowawayDatabase(serverUrl) : await startTemporaryServer();
  try {
    await migrate(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function createThrowawayDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `atrium_bench_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(serverUrl, name);
  return {
    url,
    description: `database ${name} on ${new URL(url).host}`,
    drop: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function startTemporaryServer(): Promise<BenchDatabase> {
  const server = await startThrowawayPostgres();
  return { url: server.url, description: `embedded PostgreSQL on ${new URL(server.url).host}`, drop: () => server.stop() };
}
