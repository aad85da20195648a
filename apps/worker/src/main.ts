/** Runs the worker: `npm start` (via scripts/start.ts) or `npm run start -w @atrium/worker` with DATABASE_URL. */
import { createDb, isDatabaseUnavailable } from "@atrium/db";
import { loadWorkerEnv } from "./env.ts";
import { fileTransport, smtpTransport } from "./mail/transport.ts";
import { createWorkerMetrics, serveWorkerMetrics } from "./metrics.ts";
import { queues } from "./queues.ts";
import { startWorker } from "./worker.ts";

const env = (() => {
  try {
    return loadWorkerEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();

const log = (message: string) => console.log(`[worker] ${message}`);
// pg-boss records a job's completion or failure without awaiting it: while the database is down
// that promise rejects unhandled, which would end the process. The job stays active and is
// retried once the database is back (see worker.ts, orphaned jobs); any other error still ends it.
process.on("unhandledRejection", (reason) => {
  if (!isDatabaseUnavailable(reason)) throw reason;
  log(`database unavailable: ${(reason as Error).message}`);
});
const db = createDb(env.DATABASE_URL, { maxConnections: 5 });
const mail = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : fileTransport(env.mailDir);
log(`mail goes to ${mail.describe}`);
const served = queues({
  mail,
  mailFrom: env.MAIL_FROM,
  oidcAllowLoopback: env.NODE_ENV !== "production",
  billing: { prices: { team: env.STRIPE_PRICE_TEAM, business: env.STRIPE_PRICE_BUSINESS }, publicUrl: env.ATRIUM_PUBLIC_URL ?? `http://localhost:${env.PORT}` },
});
const metrics = createWorkerMetrics(db, served.map((q) => q.name));
const worker = await startWorker({ databaseUrl: env.DATABASE_URL, db, queues: served, schedules: env.ATRIUM_WORKER_SCHEDULES, log, metrics });

let stopping = false;
const metricsPort = env.WORKER_METRICS_PORT ?? Math.min(env.PORT + 1, 65535);
const listener =
  metricsPort === "off"
    ? undefined
    : await serveWorkerMetrics(metrics, { port: metricsPort, host: env.HOST, token: env.ATRIUM_METRICS_TOKEN, healthy: () => !stopping }).catch((error: Error) => {
        log(`metrics listener not started on port ${metricsPort}: ${error.message}`);
        return undefined;
      });
if (listener) log(`metrics on http://${env.HOST}:${listener.port}/metrics`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing active jobs`);
    await worker.stop();
    await listener?.close();
    metrics.close();
    await db.$disconnect();
    process.exit(0);
  });
}
