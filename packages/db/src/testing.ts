/**
 * Test databases: the test run's global setup migrates one template database
 * and seeds a copy of it with the demo data (packages/testing/src/global-setup.ts);
 * each test file gets its own database cloned from one of them, so files run
 * in parallel without seeing each other's rows.
 */
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { databaseUrl, withAdminClient } from "./admin.ts";
import { createDb, type Db } from "./client.ts";

export { databaseUrl, withAdminClient } from "./admin.ts";

export interface TestDatabaseServer {
  /** URL of a maintenance database with CREATE DATABASE rights. */
  adminUrl: string;
  /** Name of the migrated template database. */
  template: string;
  /** Name of the migrated template database that also holds the demo seed (`seedDemo`). */
  demoTemplate: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    atriumDatabase: TestDatabaseServer;
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
}

/**
 * Creates a fresh migrated database for the calling test file and drops it
 * after the file's tests. Call at the top level of a test file. `from: "demo"`
 * clones the template that holds the demo seed; `createDemoTestDatabase` in
 * `@atrium/core/seed/testing` does that and also returns the demo's ids.
 */
export async function createTestDatabase(options: { from?: "migrated" | "demo" } = {}): Promise<TestDatabase> {
  const { adminUrl, template, demoTemplate } = inject("atriumDatabase");
  const name = `atrium_test_${randomBytes(6).toString("hex")}`;
  const source = options.from === "demo" ? demoTemplate : template;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  const url = databaseUrl(adminUrl, name);
  const db = createDb(url, { maxConnections: 5 });
  afterAll(async () => {
    await db.$disconnect();
    await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { name, url, db };
}

/** A new database with nothing in it (not even migrations), dropped after the calling file's tests. */
export async function createEmptyTestDatabase(): Promise<{ name: string; url: string }> {
  const { adminUrl } = inject("atriumDatabase");
  const name = `atrium_empty_${randomBytes(6).toString("hex")}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  afterAll(async () => {
    await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { name, url: databaseUrl(adminUrl, name) };
}
