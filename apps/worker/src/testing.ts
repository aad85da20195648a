/**
 * The real worker beside a test's API: its own pool on the test's database,
 * serving only the named queues (no schedules, polling every half second, mail
 * dropped), stopped after the file's tests. Tests of what the API enqueues
 * (webhook deliveries, SCIM sync, back-channel logout) wait on the job it runs.
 */
import { createDb } from "@atrium/db";
import { afterAll } from "vitest";
import { queues, type QueueDeps } from "./queues.ts";
import { startWorker, type Worker } from "./worker.ts";

export async function startQueueWorker(databaseUrl: string, names: readonly string[], deps: Omit<QueueDeps, "mail" | "mailFrom"> = {}): Promise<Worker> {
  const db = createDb(databaseUrl, { maxConnections: 3 });
  const served = queues({ mail: { describe: "none", send: async () => {} }, mailFrom: "x@y.z", ...deps }).filter((q) => names.includes(q.name));
  if (served.length !== names.length) throw new Error(`no such queue among ${names.join(", ")}`);
  const worker = await startWorker({ databaseUrl, db, queues: served, schedules: false, pollingIntervalSeconds: 0.5 });
  afterAll(async () => {
    await worker.stop();
    await db.$disconnect();
  });
  return worker;
}
