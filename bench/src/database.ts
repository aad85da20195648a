/**
 * The benchmark's database: a throwaway database on the server DATABASE_URL
 * names, or an embedded PostgreSQL in a temporary directory. Either way it is
 * migrated before use and removed by `drop()`.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";
import pg from "pg";

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
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `database ${name} on ${url.host}`,
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function startTemporaryServer(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), "atrium-bench-pg-"));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  try {
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true });
    return {
      url: server.urlFor("postgres"),
      description: `embedded PostgreSQL in ${dataDir}`,
      async drop() {
        await server.stop();
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
