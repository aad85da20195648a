/**
 * The worker's Prometheus metrics and its small HTTP listener
 * (WORKER_METRICS_PORT): `/metrics` and `/healthz`.
 *
 * - atrium_worker_jobs_total{queue,outcome}: jobs finished (completed/failed)
 * - atrium_worker_job_duration_seconds{queue,outcome}: how long the handler ran
 * - atrium_queue_jobs{queue,state}: jobs waiting or running, read from pg-boss' table at scrape time
 * - atrium_queue_lag_seconds{queue}: age of the oldest job that is due but not yet started
 * - atrium_audit_events_appended_total{domain,status}: audit events this worker wrote
 * plus Node's default process metrics (RSS, event loop lag, GC).
 *
 * Labels come from the worker's own queue list, never from job data.
 */
import { createServer, type Server } from "node:http";
import { AUDIT_APPENDED_METRIC, countAuditAppends } from "@atrium/core/audit";
import type { Db } from "@atrium/db";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { BOSS_SCHEMA } from "@atrium/core/jobs";

export interface WorkerMetrics {
  registry: Registry;
  /** Called by the worker after each job's handler returns or throws. */
  observeJob(queue: string, outcome: "completed" | "failed", seconds: number): void;
  /** Stops listening for audit appends. */
  close(): void;
}


export function createWorkerMetrics(db: Db, queueNames: readonly string[]): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const known = new Set(queueNames.flatMap((q) => [q, `${q}-dead`]));
  const jobs = new Counter({
    name: "atrium_worker_jobs_total",
    help: "Jobs the worker finished, by queue and outcome (completed, failed: pg-boss retries failed jobs up to the queue's retry limit)",
    labelNames: ["queue", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "atrium_worker_job_duration_seconds",
    help: "Job handler duration by queue and outcome",
    labelNames: ["queue", "outcome"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [registry],
  });
  const audit = new Counter({ ...AUDIT_APPENDED_METRIC, registers: [registry] });
  const lag = new Gauge({
    name: "atrium_queue_lag_seconds",
    help: "Age of the oldest job that is due (created or retry, start_after passed) but not started, per queue; 0 when none waits",
    labelNames: ["queue"] as const,
    registers: [],
  });
  // Registered before the lag gauge: its collect reads pg-boss' table once per scrape and sets both.
  const depth = new Gauge({
    name: "atrium_queue_jobs",
    help: "pg-boss jobs per queue and state (created, retry, active), read at scrape time",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      // Before any worker has created pg-boss' schema there is nothing to report.
      const rows = await db.$queryRawUnsafe<{ name: string; state: string; jobs: bigint; lag: number | null }[]>(
        `SELECT name, state::text AS state, count(*) AS jobs,
                extract(epoch FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS lag
           FROM ${BOSS_SCHEMA}.job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
      ).catch(() => []);
      depth.reset();
      lag.reset();
      for (const name of known) {
        if (!name.endsWith("-dead")) lag.set({ queue: name }, 0);
        for (const state of ["created", "retry", "active"]) depth.set({ queue: name, state }, 0);
      }
      const oldest = new Map<string, number>();
      for (const row of rows) {
        if (!known.has(row.name)) continue;
        depth.set({ queue: row.name, state: row.state }, Number(row.jobs));
        if (row.lag !== null && !row.name.endsWith("-dead")) oldest.set(row.name, Math.max(oldest.get(row.name) ?? 0, row.lag));
      }
      for (const [name, seconds] of oldest) lag.set({ queue: name }, Math.max(0, seconds));
    },
  });
  registry.registerMetric(lag);

  const stop = countAuditAppends((labels) => audit.inc(labels));

  return {
    registry,
    observeJob(queue, outcome, seconds) {
      const labels = { queue: known.has(queue) ? queue : "other", outcome };
      jobs.inc(labels);
      duration.observe(labels, seconds);
    },
    close: stop,
  };
}

/** `/metrics` (optionally behind a bearer token) and `/healthz` on host:port (default 127.0.0.1; port 0: an ephemeral one). */
export async function serveWorkerMetrics(metrics: WorkerMetrics, options: { port: number; host?: string; token?: string; healthy: () => boolean }): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
    } else if (path === "/healthz") {
      const ok = options.healthy();
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ok ? "ok" : "stopping" }));
    } else if (path === "/metrics") {
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "UNAUTHORIZED", message: "A metrics token is required." } }));
        return;
      }
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        () => res.writeHead(503, { "content-type": "text/plain" }).end("metrics unavailable\n"),
      );
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Try /metrics or /healthz." } }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
