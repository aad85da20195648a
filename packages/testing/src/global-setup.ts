/**
 * Vitest global setup for the whole run: one PostgreSQL server (a throwaway
 * embedded one unless DATABASE_URL names a server) and one migrated template
 * database that every test file clones.
 */
import { databaseUrl, withAdminClient } from "@atrium/db/admin";
import { startThrowawayPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";
import type { TestDatabaseServer } from "@atrium/db/testing";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject) {
  const external = process.env["DATABASE_URL"];
  const server = external ? undefined : await startThrowawayPostgres();
  const adminUrl = external ?? server!.url;
  const template = `atrium_template_${process.pid}`;
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  await migrate(databaseUrl(adminUrl, template));
  project.provide("atriumDatabase", { adminUrl, template } satisfies TestDatabaseServer);

  return async () => {
    if (server) await server.stop();
    else await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  };
}
