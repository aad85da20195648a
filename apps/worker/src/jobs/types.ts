import { parsePayload, type QueueOptions, type QueueSpec, type TPayload } from "@atrium/core/jobs";
import type { Db } from "@atrium/db";
import type PgBoss from "pg-boss";

export interface JobContext {
  db: Db;
  log: (message: string) => void;
  /** Queues another job of the same queue to start after `seconds` (a queue that schedules its own retries). */
  later?: (seconds: number) => Promise<void>;
}

/** How the worker serves one queue of the catalogue: when it runs, and its handler. */
export interface JobDefinition<Q extends QueueSpec> {
  /** Cron expression, UTC. */
  schedule?: string;
  /** A PostgreSQL NOTIFY channel that queues a job at once (the schedule is the safety net). */
  wakeOn?: string;
  /** Idempotent: a job killed half-way is safe to run again. Receives the payload as the catalogue's schema reads it. */
  handle(job: PgBoss.Job<TPayload<Q>>, context: JobContext): Promise<object | void>;
}

/**
 * One queue as the worker serves it: the catalogue's entry (name, payload
 * schema, pg-boss options), an optional cron schedule (UTC) and wake-up
 * channel, and `run`, which validates the job's payload before the handler
 * sees it (a payload the schema refuses fails the job).
 */
export interface QueueDefinition {
  queue: QueueSpec;
  name: string;
  description: string;
  options: QueueOptions;
  schedule?: string | undefined;
  wakeOn?: string | undefined;
  run(job: PgBoss.Job<unknown>, context: JobContext): Promise<object | void>;
}

/** The worker's definition of a catalogue queue. */
export function defineJob<Q extends QueueSpec>(queue: Q, definition: JobDefinition<Q>): QueueDefinition {
  return {
    queue,
    name: queue.name,
    description: queue.description,
    options: queue.options,
    schedule: definition.schedule,
    wakeOn: definition.wakeOn,
    run: (job, context) => definition.handle({ ...job, data: parsePayload(queue, job.data) }, context),
  };
}
