/**
 * The demo data for test files without seeding it in each: the test run's
 * global setup seeds one template database once (packages/testing), and each
 * file clones it into a database of its own, as `createTestDatabase` does for
 * the empty schema. `seedDemo` on a fresh test database still works for a file
 * that needs the seed applied itself.
 */
import { createTestDatabase, type TestDatabase } from "@atrium/db/testing";
import { inject } from "vitest";
import { seedDemo, type DemoData } from "./demo.ts";

/** What global setup seeded: the demo's ids, and the UTC day it ran (the seed's dates count from it). */
export interface SeededDemo {
  data: DemoData;
  seededOn: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    atriumDemo: SeededDemo;
  }
}

/**
 * A database for the calling test file holding the demo seed, dropped after
 * the file's tests, with the demo's ids (the same as `seedDemo` returns). When
 * the run crossed midnight UTC since global setup seeded, the file seeds its own
 * copy instead, since the seed places contracts, renewals and history relative to today.
 */
export async function createDemoTestDatabase(): Promise<TestDatabase & { demo: DemoData }> {
  const seeded = inject("atriumDemo");
  if (seeded.seededOn === new Date().toISOString().slice(0, 10)) {
    return { ...(await createTestDatabase({ from: "demo" })), demo: seeded.data };
  }
  const database = await createTestDatabase();
  return { ...database, demo: await seedDemo(database.db) };
}
