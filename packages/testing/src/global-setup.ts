/**
 * Vitest global setup for the whole run: one PostgreSQL server (embedded in a
 * temporary directory unless DATABASE_URL names one) and one migrated
 * template database that every test file clones.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";
import { databaseUrl, withAdminClient } from "@atrium/db/testing";
import type { TestProject } from "vitest/node";

export function freePort(): Promise<number> {
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

export default async function setup(project: TestProject) {
  const external = process.env["DATABASE_URL"];
  let stopServer = async () => {};
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), "atrium-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true });
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const template = `atrium_template_${process.pid}`;
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  await migrate(databaseUrl(adminUrl, template));
  project.provide("atriumDatabase", { adminUrl, template });

  return async () => {
    if (external) await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
    await stopServer();
  };
}
