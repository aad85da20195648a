/**
 * The pg-boss worker on Atrium's own database (schema `pgboss`): creates the
 * queues with their dead-letter queues, registers schedules, listens for the
 * notifications that queue work at once, and works every queue until
 * stopped. `stop()` is graceful: it stops fetching, waits for active jobs (up
 * to 30 s) and closes its connections.
 */
import type { Db } from "@atrium/db";
import pg from "pg";
import PgBoss from "pg-boss";
import { BOSS_SCHEMA, jobSender, type JobSender } from "@atrium/core/jobs";
import type { QueueDefinition } from "./jobs/types.ts";
import { RunningJobLocks, watchForOrphanedJobs, type OrphanOptions } from "./orphans.ts";

export interface WorkerOptions {
  databaseUrl: string;
  db: Db;
  queues: readonly QueueDefinition[];
  /** Register cron schedules (pg-boss keeps one per queue fleet-wide). */
  schedules?: boolean;
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
  /** Job outcomes and durations for Prometheus (metrics.ts). */
  metrics?: { observeJob(queue: string, outcome: "completed" | "failed", seconds: number): void };
  /** Taking back jobs left active by a worker that died (see orphans.ts). */
  orphans?: OrphanOptions;
}

export interface Worker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export function createBoss(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, application_name: "atrium-worker", max: 5 });
}

/** LISTENs on each queue's wake-up channel and sends a job when notified; reconnects when the connection drops. */
function listenForWakeups(databaseUrl: string, sender: JobSender, queues: readonly QueueDefinition[], log: (m: string) => void) {
  const byChannel = new Map(queues.filter((q) => q.wakeOn).map((q) => [q.wakeOn!, q.queue]));
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped || byChannel.size === 0) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "atrium-worker-listen" });
    next.on("notification", (n) => {
      const queue = byChannel.get(n.channel);
      if (!queue) return;
      // A payload (e.g. a row id) becomes the job's `key` and its singleton key: one job per row.
      const job = n.payload ? sender.sendNow(queue, { key: n.payload }, { singletonKey: n.payload }) : sender.sendNow(queue, {});
      job.catch((e: Error) => log(`${queue.name}: could not queue wake-up: ${e.message}`));
    });
    next.on("error", (e) => {
      log(`wake-up listener: ${e.message}; reconnecting`);
      next.end().catch(() => {});
      retry = setTimeout(() => void connect(), 1000);
    });
    try {
      await next.connect();
      for (const channel of byChannel.keys()) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
      client = next;
      // Work that arrived while we were not listening.
      for (const queue of byChannel.values()) await sender.sendNow(queue, {});
    } catch (e) {
      log(`wake-up listener: ${(e as Error).message}; retrying`);
      retry = setTimeout(() => void connect(), 1000);
    }
  };
  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

/** Advisory lock key (two ints) held while a worker sets up its queues. */
const SETUP_LOCK = [0x41545253, 1] as const;

async function oneWorkerAtATime(databaseUrl: string, work: () => Promise<void>) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "atrium-worker-setup" });
  // Losing this connection fails the setup through its queries; never an uncaught error.
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [...SETUP_LOCK]);
    await work();
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, queues, schedules = true, pollingIntervalSeconds = 2 } = options;
  const log = options.log ?? (() => {});
  const boss = createBoss(options.databaseUrl);
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();
  const sender = jobSender(boss);
  const locks = new RunningJobLocks(options.databaseUrl, log);

  // Workers starting together would deadlock creating the same queues' tables: one at a time.
  await oneWorkerAtATime(options.databaseUrl, async () => {
    for (const queue of queues) {
      const deadLetter = `${queue.name}-dead`;
      await boss.createQueue(deadLetter);
      const settings = { ...queue.options, name: queue.name, deadLetter };
      await boss.createQueue(queue.name, settings);
      await boss.updateQueue(queue.name, settings);
      if (schedules && queue.schedule) await boss.schedule(queue.name, queue.schedule, {}, { tz: "UTC" });
    }
  });
  for (const queue of queues) {
    // pg-boss fetches one job per polling interval; after a job, look for the next one at once,
    // so a burst (a bulk SCIM deprovisioning) drains at the handlers' speed, not one job per interval.
    // (Set once work() resolves; a job that starts before that simply waits out the interval.)
    const worker: { id?: string } = {};
    worker.id = await boss.work<object>(queue.name, { pollingIntervalSeconds }, async ([job]) => {
      const started = performance.now();
      try {
        // While this lock is held, other workers know the job is running (orphans.ts).
        await locks.hold(job!.id);
        const later = async (seconds: number) => {
          await sender.sendNow(queue.queue, {}, { startAfter: Math.max(1, Math.ceil(seconds)), singletonKey: "later", singletonSeconds: Math.max(1, Math.ceil(seconds)) });
        };
        const output = await queue.run(job!, { db, log, later });
        options.metrics?.observeJob(queue.name, "completed", (performance.now() - started) / 1000);
        return output;
      } catch (error) {
        options.metrics?.observeJob(queue.name, "failed", (performance.now() - started) / 1000);
        log(`${queue.name}: job ${job!.id} failed: ${(error as Error).message}`);
        throw error;
      } finally {
        await locks.release(job!.id);
        if (worker.id) boss.notifyWorker(worker.id);
      }
    });
  }
  const wakeups = listenForWakeups(options.databaseUrl, sender, queues, log);
  await wakeups.start();
  const orphans = watchForOrphanedJobs(options.databaseUrl, boss, log, options.orphans);
  log(`worker ready: ${queues.map((q) => q.name).join(", ")}`);

  return {
    boss,
    async stop() {
      await orphans.stop();
      await wakeups.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      await locks.stop();
    },
  };
}
