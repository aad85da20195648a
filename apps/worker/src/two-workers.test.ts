/** Two workers starting at the same moment on one database both come up (queue setup used to deadlock). */
import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import type { MailTransport } from "./mail/transport.ts";
import { queues } from "./queues.ts";
import { startWorker } from "./worker.ts";

const { db, url } = await createTestDatabase();
const mail: MailTransport = { describe: "none", send: async () => {} };

describe("two workers on one database", () => {
  it("start together, each serving every queue", async () => {
    const start = () => startWorker({ databaseUrl: url, db, queues: queues({ mail, mailFrom: "Atrium <no-reply@atrium.test>" }), schedules: true });
    const workers = await Promise.all([start(), start(), start()]);
    try {
      const names = queues({ mail, mailFrom: "x" }).map((q) => q.name);
      const rows = await db.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.queue WHERE name = ANY(${names}::text[])`;
      expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});
