/**
 * The pg-boss worker on Atrium's own database (schema `pgboss`): creates the
 * queues with their dead-letter queues, registers schedules, and works every
 * queue until stopped. `stop()` is graceful: it stops fetching, waits for
 * active jobs (up to 30 s) and closes the pool.
 */
import type { Db } from "@atrium/db";
import PgBoss from "pg-boss";
import type { QueueDefinition } from "./jobs/types.ts";
import { QUEUES } from "./queues.ts";

export const BOSS_SCHEMA = "pgboss";

export interface WorkerOptions {
  databaseUrl: string;
  db: Db;
  /** Register cron schedules (one worker fleet-wide is enough; pg-boss dedupes). */
  schedules?: boolean;
  queues?: readonly QueueDefinition[];
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
}

export interface Worker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export function createBoss(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, application_name: "atrium-worker", max: 5 });
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, queues = QUEUES, schedules = true, pollingIntervalSeconds = 2 } = options;
  const log = options.log ?? (() => {});
  const boss = createBoss(options.databaseUrl);
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();

  for (const queue of queues) {
    const deadLetter = `${queue.name}-dead`;
    await boss.createQueue(deadLetter);
    const settings = { ...queue.options, name: queue.name, deadLetter };
    await boss.createQueue(queue.name, settings);
    await boss.updateQueue(queue.name, settings);
    if (schedules && queue.schedule) await boss.schedule(queue.name, queue.schedule, {}, { tz: "UTC" });
    await boss.work<object>(queue.name, { pollingIntervalSeconds }, async ([job]) => {
      try {
        return await queue.handle(job!, { db, log });
      } catch (error) {
        log(`${queue.name}: job ${job!.id} failed: ${(error as Error).message}`);
        throw error;
      }
    });
  }
  log(`worker ready: ${queues.map((q) => q.name).join(", ")}`);

  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
