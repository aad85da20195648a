/** Runs the API: `npm start` (via scripts/start.ts) or `npm run start -w @atrium/api` with DATABASE_URL. */
import { createDb } from "@atrium/db";
import { installFromEnvironment, reconcileAllInstalledLicenses } from "@atrium/core/licensing";
import { loadApiEnv } from "./env.ts";
import { buildServer } from "./server.ts";

const env = (() => {
  try {
    return loadApiEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();

// Requests never wait on the database for ever: PostgreSQL cancels statements after 15 s, the
// client gives up on a database that stopped answering after 20 s, and on a free connection after 10 s.
const db = createDb(env.DATABASE_URL, { maxConnections: 20, statementTimeoutMs: 15_000, queryTimeoutMs: 20_000, connectionTimeoutMs: 10_000 });
// Keep audit partitions ahead of time even when the worker has not run yet.
await db.$executeRaw`SELECT audit_events_ensure_partitions(date_trunc('month', now())::date, (date_trunc('month', now()) + interval '3 months')::date)`;
const app = await buildServer({ db, env, logger: true });
if (env.ATRIUM_LICENSE) {
  // Self-hosted: the licence decides the plan of the organization it names (docs/LICENSING.md).
  const { organizationId, verification, installed } = await installFromEnvironment(db, env.ATRIUM_LICENSE, { vendorKeys: env.ATRIUM_LICENSE_PUBLIC_KEYS });
  if (installed) app.log.info({ organizationId, state: verification.state }, `ATRIUM_LICENSE: ${verification.message}`);
  else app.log.warn({ organizationId, reason: verification.reason }, `ATRIUM_LICENSE not installed: ${verification.message}`);
}
// Installed licences pass into grace and past it with time: re-check them hourly (idempotent across instances).
const licenceCheck = setInterval(() => {
  reconcileAllInstalledLicenses(db, { vendorKeys: env.ATRIUM_LICENSE_PUBLIC_KEYS }).catch((error: unknown) => app.log.error({ err: error }, "licence re-check failed"));
}, 3_600_000);
licenceCheck.unref();
await app.listen({ host: env.HOST, port: env.PORT });

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests`);
    clearInterval(licenceCheck);
    await app.close();
    await db.$disconnect();
    process.exit(0);
  });
}
