/**
 * Jobs whose worker died (kill -9, OOM, a lost host) stay `active` in pg-boss
 * until their expiry — up to hours for the long queues — and for the
 * `singleton` and `stately` policies that blocks the whole queue meanwhile.
 *
 * Each running job therefore holds a PostgreSQL advisory lock on its id, on a
 * dedicated connection of the worker that runs it. PostgreSQL drops the lock
 * when that connection ends, which it does at once when the process dies. Every
 * worker looks now and then for active jobs, started more than a grace period
 * ago, whose lock nobody holds, and hands them back to pg-boss as failed (so
 * retry limits and dead-letter queues apply) to run again straight away.
 * Handlers are idempotent, so a job run again after a crash is safe.
 */
import pg from "pg";
import type PgBoss from "pg-boss";
import { BOSS_SCHEMA } from "@atrium/core/jobs";

/** First key of the two-key advisory locks that running jobs hold ("ATRW"). */
export const JOB_LOCK_NAMESPACE = 0x41545257;

export interface OrphanOptions {
  /** A job must have been active this long without its lock before it is taken back (it locks within milliseconds of starting). */
  graceSeconds?: number;
  intervalSeconds?: number;
}

/** The advisory locks of the jobs this worker runs, on one connection that is re-established (and re-locked) when it drops. */
export class RunningJobLocks {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly held = new Set<string>();
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (m: string) => void,
  ) {}

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "atrium-worker-jobs" });
      client.on("error", (e) => {
        this.log(`job locks: ${e.message}; reconnecting`);
        if (this.client === client) this.client = undefined;
        client.end().catch(() => {});
        if (!this.stopped && this.held.size) setTimeout(() => void this.connection().catch(() => {}), 1000).unref();
      });
      try {
        await client.connect();
        // After a reconnect, take the locks of the jobs still running here again.
        for (const id of this.held) await client.query("SELECT pg_try_advisory_lock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, id]);
        this.client = client;
        return client;
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async hold(jobId: string) {
    this.held.add(jobId);
    await (await this.connection()).query("SELECT pg_try_advisory_lock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, jobId]);
  }

  async release(jobId: string) {
    this.held.delete(jobId);
    await this.client?.query("SELECT pg_advisory_unlock($1, hashtext($2))", [JOB_LOCK_NAMESPACE, jobId]).catch(() => {});
  }

  async stop() {
    this.stopped = true;
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}

/**
 * Active jobs started more than `graceSeconds` ago whose advisory lock no
 * session holds, locked (FOR UPDATE SKIP LOCKED) so that two workers sweeping
 * at once never take back the same job twice.
 */
async function lockOrphanedJobs(client: pg.ClientBase, graceSeconds: number): Promise<{ id: string; name: string }[]> {
  const { rows } = await client.query<{ id: string; name: string }>(
    `SELECT j.id::text, j.name
       FROM ${BOSS_SCHEMA}.job j
      WHERE j.state = 'active'
        AND j.started_on < now() - make_interval(secs => $1)
        AND NOT EXISTS (
              SELECT 1 FROM pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted
                 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND l.classid = $2::int::oid AND l.objid = hashtext(j.id::text)::oid AND l.objsubid = 2)
      FOR UPDATE OF j SKIP LOCKED`,
    [graceSeconds, JOB_LOCK_NAMESPACE],
  );
  return rows;
}

/** Hands orphaned jobs back to pg-boss as failed, due to run again now, in one transaction. Returns how many. */
export async function retryOrphanedJobs(databaseUrl: string, boss: PgBoss, graceSeconds: number, log: (m: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "atrium-worker-orphans" });
  // A connection lost while idle is reported by the query that next uses it (caught by the sweep), not as an uncaught error.
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("BEGIN");
    const orphans = await lockOrphanedJobs(client, graceSeconds);
    // pg-boss's own fail (retry limits, backoff, dead-letter queue), inside our transaction.
    const db = { executeSql: (sql: string, values?: unknown[]) => client.query(sql, values) };
    for (const job of orphans) {
      await boss.fail(job.name, job.id, { message: "the worker running this job stopped before it finished" }, { db });
      // A worker dying says nothing about the job: no backoff.
      await client.query(`UPDATE ${BOSS_SCHEMA}.job SET start_after = now() WHERE id = $1::uuid AND state = 'retry'`, [job.id]);
    }
    await client.query("COMMIT");
    for (const job of orphans) log(`${job.name}: job ${job.id} was left active by a stopped worker; queued to run again`);
    return orphans.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Looks for orphaned jobs at once and then every `intervalSeconds`. */
export function watchForOrphanedJobs(databaseUrl: string, boss: PgBoss, log: (m: string) => void, options: OrphanOptions = {}) {
  const { graceSeconds = 30, intervalSeconds = 15 } = options;
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= retryOrphanedJobs(databaseUrl, boss, graceSeconds, log)
      .then(
        () => {},
        (error: Error) => log(`orphaned jobs: ${error.message}`),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  void sweep();
  const timer = setInterval(() => void sweep(), intervalSeconds * 1000);
  timer.unref();
  /** Stops sweeping, after the sweep in flight (if any) has finished. */
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
