/**
 * Vitest global setup for the whole run: one PostgreSQL server (a throwaway
 * embedded one unless DATABASE_URL names a server), one migrated template
 * database that every test file clones, and a second template holding the
 * demo seed, cloned by the files that start from the demo data
 * (`createDemoTestDatabase`, `startTestApi`) so none of them pays for seeding.
 *
 * Vitest calls a global setup once per project of the run. The server and the
 * templates are made by the first call and shared by the others (through
 * `globalThis`: every project's setup runs in this one process); the last
 * teardown stops them. The browser project also gets one Chromium, which its
 * files connect to instead of each launching their own (./browser.ts).
 */
import { seedDemo } from "@atrium/core/seed";
import type { SeededDemo } from "@atrium/core/seed/testing";
import { databaseUrl, withAdminClient } from "@atrium/db/admin";
import { createDb } from "@atrium/db";
import { startThrowawayPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";
import type { TestDatabaseServer } from "@atrium/db/testing";
import type { TestProject } from "vitest/node";
import { startSharedBrowser } from "./browser-server.ts";

interface RunDatabases {
  server: TestDatabaseServer;
  demo: SeededDemo;
  stop(): Promise<void>;
}

const shared = globalThis as typeof globalThis & { atriumTestRun?: { databases: Promise<RunDatabases>; users: number } };

export default async function setup(project: TestProject) {
  const run = (shared.atriumTestRun ??= { databases: prepareDatabases(), users: 0 });
  run.users += 1;
  const { server, demo } = await run.databases;
  project.provide("atriumDatabase", server);
  project.provide("atriumDemo", demo);
  const browser = project.name === "e2e" ? await startSharedBrowser() : undefined;
  if (browser) project.provide("atriumBrowser", { wsEndpoint: browser.wsEndpoint() });

  return async () => {
    await browser?.close();
    run.users -= 1;
    if (run.users > 0) return;
    delete shared.atriumTestRun;
    await (await run.databases).stop();
  };
}

async function prepareDatabases(): Promise<RunDatabases> {
  const external = process.env["DATABASE_URL"];
  const embedded = external ? undefined : await startThrowawayPostgres();
  const adminUrl = external ?? embedded!.url;
  const template = `atrium_template_${process.pid}`;
  const demoTemplate = `atrium_template_demo_${process.pid}`;
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${demoTemplate}`);
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  await migrate(databaseUrl(adminUrl, template));
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${demoTemplate} TEMPLATE ${template}`));
  const db = createDb(databaseUrl(adminUrl, demoTemplate), { maxConnections: 5 });
  const seededOn = new Date().toISOString().slice(0, 10);
  const data = await seedDemo(db).finally(() => db.$disconnect());

  return {
    server: { adminUrl, template, demoTemplate },
    demo: { data, seededOn },
    async stop() {
      if (embedded) return embedded.stop();
      await withAdminClient(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${demoTemplate} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      });
    },
  };
}
