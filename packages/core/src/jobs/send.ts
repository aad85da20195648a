/**
 * `send(tx, queue, payload)`: the one way Atrium queues a job. The payload is
 * checked against the queue's schema in the catalogue (a bad one is refused
 * with an error before anything is written), and the job is inserted through
 * the caller's Prisma transaction (pg-boss's `db` option), so it exists
 * exactly when the change that caused it commits.
 *
 * `createJobSender` owns a pg-boss instance that only sends (the API's): the
 * first send of each queue makes sure pg-boss's schema and the queue with its
 * dead-letter queue exist, since the worker may not have started yet.
 * `jobSender(boss)` wraps a started instance whose queues exist (the worker's).
 */
import type { SqlClient } from "@atrium/db";
import PgBoss from "pg-boss";
import { z } from "zod";
import { BOSS_SCHEMA, type QueueSpec, type TPayloadIn } from "./catalogue.ts";

export type SendOptions = Pick<PgBoss.SendOptions, "singletonKey" | "singletonSeconds" | "startAfter">;

export interface JobSender {
  /** Queues a job inside `tx`; resolves to its id (null when a singleton or policy kept it out). */
  send<Q extends QueueSpec>(tx: SqlClient, queue: Q, payload: TPayloadIn<Q>, options?: SendOptions): Promise<string | null>;
  /** Queues a job outside any transaction (a wake-up, a retry the job schedules itself). */
  sendNow<Q extends QueueSpec>(queue: Q, payload: TPayloadIn<Q>, options?: SendOptions): Promise<string | null>;
}

/** A payload its queue's schema refuses: a programming error, never sent. */
export class InvalidJobPayload extends Error {
  constructor(queue: string, error: z.ZodError) {
    super(`invalid ${queue} payload: ${z.prettifyError(error)}`);
    this.name = "InvalidJobPayload";
  }
}

/** The payload as its queue's schema reads it; throws InvalidJobPayload otherwise. */
export function parsePayload<Q extends QueueSpec>(queue: Q, payload: unknown): z.output<Q["payload"]> {
  const parsed = queue.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayload(queue.name, parsed.error);
  // The schema's own output type; TypeScript cannot follow a generic Q through safeParse.
  return parsed.data as z.output<Q["payload"]>;
}

/** pg-boss's `db` option on a transaction (Prisma's, or one on node-postgres): its statements run in the caller's transaction. */
function onTransaction(tx: SqlClient): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...params) };
    },
  };
}

/** A sender on a started pg-boss instance; `ensure` runs before each send (creating the queue, for a send-only instance). */
export function jobSender(boss: PgBoss, ensure: (queue: QueueSpec) => Promise<void> = async () => {}): JobSender {
  return {
    async send(tx, queue, payload, options = {}) {
      const data = parsePayload(queue, payload);
      await ensure(queue);
      return boss.send(queue.name, data, { ...options, db: onTransaction(tx) });
    },
    async sendNow(queue, payload, options = {}) {
      const data = parsePayload(queue, payload);
      await ensure(queue);
      return boss.send(queue.name, data, options);
    },
  };
}

/** Creates a queue and its dead-letter queue with the catalogue's options, unless they exist. */
export async function createQueue(boss: PgBoss, queue: QueueSpec): Promise<void> {
  const deadLetter = `${queue.name}-dead`;
  if (!(await boss.getQueue(deadLetter))) await boss.createQueue(deadLetter);
  if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, { ...queue.options, name: queue.name, deadLetter });
}

/**
 * A send-only pg-boss instance (no workers, maintenance or schedules) on
 * `databaseUrl`, started on first use; `stop()` closes its connections.
 */
export function createJobSender(databaseUrl: string, applicationName: string): JobSender & { stop(): Promise<void> } {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, application_name: applicationName, max: 2, supervise: false, schedule: false });
  boss.on("error", () => {});
  let started: Promise<void> | undefined;
  const ready = new Map<string, Promise<void>>();
  const retryable = <T>(promise: Promise<T>, forget: () => void) =>
    promise.catch((error: unknown) => {
      forget();
      throw error;
    });
  const ensure = async (queue: QueueSpec) => {
    await (started ??= retryable(boss.start().then(() => {}), () => (started = undefined)));
    let exists = ready.get(queue.name);
    if (!exists) ready.set(queue.name, (exists = retryable(createQueue(boss, queue), () => ready.delete(queue.name))));
    await exists;
  };
  return {
    ...jobSender(boss, ensure),
    async stop() {
      if (started) await boss.stop({ graceful: false, wait: true }).catch(() => {});
    },
  };
}
