import type { Db } from "@atrium/db";
import type PgBoss from "pg-boss";

export interface JobContext {
  db: Db;
  log: (message: string) => void;
  /** Queues another job of the same queue to start after `seconds` (a queue that schedules its own retries). */
  later?: (seconds: number) => Promise<void>;
}

/**
 * One queue: its pg-boss policy and retry settings, an optional cron
 * schedule (UTC), and an idempotent handler — a job killed half-way is safe
 * to run again.
 */
export interface QueueDefinition<T extends object = object> {
  name: string;
  description: string;
  /** Cron expression, UTC. */
  schedule?: string;
  /** A PostgreSQL NOTIFY channel that queues a job at once (the schedule is the safety net). */
  wakeOn?: string;
  options: Omit<PgBoss.Queue, "name" | "deadLetter">;
  handle(job: PgBoss.Job<T>, context: JobContext): Promise<object | void>;
}
