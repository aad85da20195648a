/**
 * `npm start`'s setup, for the load run: an embedded PostgreSQL in a
 * temporary directory (durable settings, as `npm start` runs it) or a
 * throwaway database on DATABASE_URL, migrations, the demo seed, then the API
 * and the worker as separate processes started the way scripts/start.ts
 * starts them (`node --import tsx apps/{api,worker}/src/main.ts`). `stop()`
 * ends the processes (SIGTERM, then SIGKILL after 15 s), then PostgreSQL, and
 * removes the temporary directory: nothing is left running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemo, type DemoData } from "@atrium/core/seed";
import { createDb } from "@atrium/db";
import { freePort, startEmbeddedPostgres } from "@atrium/db/embedded";
import { REPO_ROOT } from "@atrium/db/env";
import { migrate } from "@atrium/db/migrate";
import { createBenchDatabase } from "../database.ts";

export interface Stack {
  apiUrl: string;
  workerMetricsUrl: string;
  databaseUrl: string;
  demo: DemoData;
  pids: { api: number; worker: number };
  /** The postmaster's port when PostgreSQL is embedded (its processes are sampled); null for DATABASE_URL. */
  postgresPort: number | null;
  /** Set when the API or worker exited before stop(). */
  crashed(): string | null;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 15_000;

async function waitUntilOk(url: string, alive: () => string | null) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const crash = alive();
    if (crash) throw new Error(crash);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within two minutes`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = once(child, "exit").then(() => undefined);
  const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  child.kill("SIGTERM");
  return exited.finally(() => clearTimeout(kill));
}

export async function startStack(options: { databaseUrl?: string; log: (line: string) => void; keepLogsIn: string }): Promise<Stack> {
  const { log } = options;
  const workDir = await mkdtemp(join(tmpdir(), "atrium-load-"));
  // PostgreSQL may run as another user (embedded.ts), who must reach the cluster directory inside.
  await chmod(workDir, 0o711);
  const keepLogs = async () => {
    await mkdir(options.keepLogsIn, { recursive: true });
    for (const name of ["api", "worker"]) await copyFile(join(workDir, `${name}.log`), join(options.keepLogsIn, `load-${name}.log`)).catch(() => undefined);
  };
  const cleanups: (() => Promise<void>)[] = [() => rm(workDir, { recursive: true, force: true }), keepLogs];
  const children: ChildProcess[] = [];
  let crash: string | null = null;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(children.map(stopChild));
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
  };

  try {
    let databaseUrl: string;
    let postgresPort: number | null = null;
    if (options.databaseUrl) {
      const database = await createBenchDatabase(options.databaseUrl);
      cleanups.push(database.drop);
      databaseUrl = database.url;
      log(`database: ${database.description}`);
    } else {
      postgresPort = await freePort();
      const server = await startEmbeddedPostgres({ dataDir: join(workDir, "postgres"), port: postgresPort, log });
      cleanups.push(server.stop);
      databaseUrl = server.url;
      await migrate(databaseUrl);
    }
    const db = createDb(databaseUrl, { maxConnections: 2 });
    const demo = await seedDemo(db);
    await db.$disconnect();
    log(`demo data loaded: ${Object.keys(demo.organizations).length} organizations`);

    const [port, metricsPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env, // eslint-disable-line no-restricted-properties -- the children run with this environment, as under npm start
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      WORKER_METRICS_PORT: String(metricsPort),
      ATRIUM_PUBLIC_URL: apiUrl,
      ATRIUM_DATA_DIR: join(workDir, "data"),
      LOG_LEVEL: "warn",
    };
    const run = (name: "api" | "worker") => {
      const out = createWriteStream(join(workDir, `${name}.log`));
      const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, `apps/${name}/src/main.ts`)], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout!.pipe(out);
      child.stderr!.pipe(out);
      child.on("exit", (code, signal) => {
        if (!stopping) crash = `the ${name} exited (${signal ?? code}) during the run; see ${join(options.keepLogsIn, `load-${name}.log`)} after the run`;
      });
      children.push(child);
      return child;
    };
    const api = run("api");
    const worker = run("worker");
    await waitUntilOk(`${apiUrl}/readyz`, () => crash);
    await waitUntilOk(`http://127.0.0.1:${metricsPort}/healthz`, () => crash);
    log(`API on ${apiUrl} (pid ${api.pid}), worker metrics on :${metricsPort} (pid ${worker.pid})`);
    return {
      apiUrl,
      workerMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      databaseUrl,
      demo,
      pids: { api: api.pid!, worker: worker.pid! },
      postgresPort,
      crashed: () => crash,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
