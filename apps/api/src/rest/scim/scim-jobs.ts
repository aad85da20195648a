/**
 * Sends scim-sync jobs from the API inside the SCIM write's own transaction
 * (pg-boss `send` with a `db` that runs on the Prisma transaction), so a job
 * exists exactly when its change commits. The first send makes sure pg-boss's
 * schema and the queue exist (the worker may not have started yet); this
 * instance never works jobs or runs maintenance.
 */
import { SCIM_SYNC_OPTIONS, SCIM_SYNC_QUEUE, type JobQueue } from "@atrium/core/scim";
import type { Tx } from "@atrium/db";
import PgBoss from "pg-boss";

export const BOSS_SCHEMA = "pgboss";

export function pgBossJobQueue(databaseUrl: string): JobQueue & { stop(): Promise<void> } {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, application_name: "atrium-api", max: 2, supervise: false, schedule: false });
  boss.on("error", () => {});
  let ready: Promise<void> | undefined;
  const ensureReady = () =>
    (ready ??= (async () => {
      await boss.start();
      const deadLetter = `${SCIM_SYNC_QUEUE}-dead`;
      if (!(await boss.getQueue(deadLetter))) await boss.createQueue(deadLetter);
      if (!(await boss.getQueue(SCIM_SYNC_QUEUE))) await boss.createQueue(SCIM_SYNC_QUEUE, { name: SCIM_SYNC_QUEUE, ...SCIM_SYNC_OPTIONS, deadLetter });
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  return {
    async send(tx: Tx, job) {
      await ensureReady();
      const db = {
        executeSql: async (text: string, values: unknown[] = []) => {
          const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
          return { rows: await tx.$queryRawUnsafe<{ id: string }[]>(text, ...params) };
        },
      };
      return boss.send(SCIM_SYNC_QUEUE, job, { db });
    },
    async stop() {
      if (ready) await boss.stop({ graceful: false, wait: true }).catch(() => {});
    },
  };
}

const queues = new Map<string, ReturnType<typeof pgBossJobQueue>>();

/** One job queue per database, shared by the SCIM routes and the admin procedures of a server. */
export function scimJobQueueFor(databaseUrl: string): JobQueue {
  let queue = queues.get(databaseUrl);
  if (!queue) queues.set(databaseUrl, (queue = pgBossJobQueue(databaseUrl)));
  return queue;
}

export async function stopScimJobQueue(databaseUrl: string): Promise<void> {
  const queue = queues.get(databaseUrl);
  queues.delete(databaseUrl);
  await queue?.stop();
}
