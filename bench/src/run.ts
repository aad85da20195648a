/**
 * `npm run bench`: a fresh migrated and seeded database, the Atrium API and a
 * bare Fastify server in a separate process, then each scenario's tRPC target
 * against its bare baseline under the same load. Prints a table, writes
 * bench/results/latest.json, removes everything it created, and exits non-zero
 * if any request failed.
 */
import { seedDemo, type DemoData } from "@atrium/core/seed";
import { createDb } from "@atrium/db";
import { compareTargets, type CompareSettings } from "./compare.ts";
import { createBenchDatabase } from "./database.ts";
import { readBenchEnv } from "./env.ts";
import { combine, measure, PIPELINING } from "./measure.ts";
import { postgresServerPid, processCpuMs, processTreeCpuMs } from "./process-cpu.ts";
import { formatTable, RESULTS_FILE, writeResults, type ScenarioResult, type SoloResult } from "./report.ts";
import { SCENARIOS } from "./scenarios/index.ts";
import { SOLO_MEASUREMENTS } from "./solo.ts";
import { startServers } from "./servers/start-servers.ts";

/** Connections in each server's database pool; the same for Prisma and pg.Pool. */
const POOL_SIZE = 10;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 3;

const log = (line: string) => console.error(`bench: ${line}`);

/** Undo steps, last first; run once, on success, failure or Ctrl-C. */
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => log(`clean-up failed: ${(error as Error).message}`));
    }
  })();
  return cleaning;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  });
}

async function main() {
  const env = readBenchEnv();
  const settings: CompareSettings = {
    connections: CONNECTIONS,
    warmupSeconds: WARMUP_SECONDS,
    durationSeconds: env.BENCH_DURATION_SECONDS,
  };

  const database = await createBenchDatabase(env.DATABASE_URL);
  cleanups.push(() => database.drop());
  log(`migrated ${database.description}`);
  const demo = await seed(database.url);

  const servers = await startServers(database.url, POOL_SIZE, { cpuProfileDir: env.BENCH_CPU_PROFILE_DIR });
  cleanups.push(() => servers.stop());
  log(`tRPC API on ${servers.trpc}, bare server on ${servers.bare}`);
  settings.serverCpuMs = () => processCpuMs(servers.pid);
  const postmaster = await postgresServerPid(database.url);
  if (postmaster !== null) settings.databaseCpuMs = () => processTreeCpuMs(postmaster);

  const results: ScenarioResult[] = [];
  const selected = <T extends { name: string }>(list: T[]) => (env.BENCH_ONLY ? list.filter((s) => env.BENCH_ONLY!.has(s.name)) : list);
  for (const scenario of selected(SCENARIOS)) {
    log(`scenario ${scenario.name}: ${scenario.summary}`);
    const targets = await scenario.prepare(servers, demo);
    const comparison = await compareTargets(targets, settings, (line) => log(`${scenario.name}: ${line}`));
    results.push({ name: scenario.name, ...(scenario.label ? { label: scenario.label } : {}), summary: scenario.summary, comparison });
  }

  const solos: SoloResult[] = [];
  for (const solo of selected(SOLO_MEASUREMENTS)) {
    log(`measurement ${solo.name}: ${solo.summary}`);
    const target = await solo.prepare(servers, demo);
    const load = { connections: CONNECTIONS, durationSeconds: settings.warmupSeconds, serverCpuMs: settings.serverCpuMs, databaseCpuMs: settings.databaseCpuMs };
    log(`${solo.name}: warm-up (${settings.warmupSeconds} s)`);
    await measure(target, load);
    log(`${solo.name}: measuring (${settings.durationSeconds} s)`);
    const measured = combine([await measure(target, { ...load, durationSeconds: settings.durationSeconds })]);
    solos.push({ name: solo.name, summary: solo.summary, p99TargetMs: solo.p99TargetMs, measurement: measured });
  }

  const run = { settings: { ...settings, pipelining: PIPELINING, poolSize: POOL_SIZE }, scenarios: results, solos };
  console.log(formatTable(run));
  await writeResults(run);
  log(`results written to ${RESULTS_FILE}`);
}

async function seed(url: string): Promise<DemoData> {
  const db = createDb(url, { maxConnections: 2 });
  try {
    const demo = await seedDemo(db);
    // The /v1 rate limit (6,000 a minute by default) would answer 429 under load. The limit is
    // raised, not removed: its bucket is still taken in PostgreSQL on every request, as in production.
    await db.application.update({ where: { slug: "demo-product" }, data: { rateLimitPerMinute: 1_000_000, rateLimitBurst: 1_000_000 } });
    return demo;
  } finally {
    await db.$disconnect();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? `bench failed: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
process.exit();
