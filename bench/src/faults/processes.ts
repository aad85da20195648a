/**
 * The processes a fault run controls: the Atrium API and worker started from
 * their real entry points (`apps/api/src/main.ts`, `apps/worker/src/main.ts`)
 * under tsx, each in its own process so that it can be killed with SIGKILL,
 * with its output written to a log file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "@atrium/db/env";
import { waitFor } from "./wait.ts";

export interface AppProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  alive(): boolean;
  /** SIGTERM (graceful), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL, waiting for the exit. */
  kill(): Promise<void>;
}

/** Node itself with tsx's loader: one process per app, so a signal reaches the app and not a wrapper. */
const NODE_ARGS = ["--import", import.meta.resolve("tsx")];

function startProcess(name: string, entry: string, env: Record<string, string>, logDir: string): AppProcess {
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  // The child gets this process's environment plus the settings given (DATABASE_URL, PORT…).
  // eslint-disable-next-line no-restricted-properties
  const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS, join(REPO_ROOT, entry)], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = once(child, "exit").then(() => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid: child.pid!,
    logFile,
    exited,
    alive,
    async stop(timeoutMs = 30_000) {
      if (!alive()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!alive()) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export interface ApiProcess extends AppProcess {
  url: string;
}

/** `publicUrl`: where users reach Atrium; instances behind one load balancer share it (default: this instance). */
export async function startApi(name: string, databaseUrl: string, port: number, logDir: string, publicUrl?: string): Promise<ApiProcess> {
  await mkdir(logDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess(name, "apps/api/src/main.ts", {
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    ATRIUM_PUBLIC_URL: publicUrl ?? url,
    LOG_LEVEL: "warn",
  }, logDir);
  await waitFor(`${name} answering /readyz`, async () => {
    if (!child.alive()) throw new Error(`${name} exited; see ${child.logFile}`);
    const response = await fetch(`${url}/readyz`).catch(() => null);
    return response?.status === 200;
  }, { timeoutMs: 120_000 }).catch(async (error: unknown) => {
    await child.kill();
    throw error;
  });
  return { ...child, url };
}

export interface WorkerProcessOptions {
  /** ATRIUM_DATA_DIR: the file mail transport writes to `<dataDir>/mail`. */
  dataDir: string;
  schedules?: boolean;
}

/** Starts a worker; ready once it logged "worker ready". */
export async function startWorkerProcess(name: string, databaseUrl: string, logDir: string, options: WorkerProcessOptions): Promise<AppProcess> {
  await mkdir(logDir, { recursive: true });
  const child = startProcess(name, "apps/worker/src/main.ts", {
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    ATRIUM_DATA_DIR: options.dataDir,
    ATRIUM_WORKER_SCHEDULES: String(options.schedules ?? true),
  }, logDir);
  const startedAt = (await readFile(child.logFile, "utf8").catch(() => "")).length;
  await waitFor(`${name} ready`, async () => {
    if (!child.alive()) throw new Error(`${name} exited; see ${child.logFile}`);
    const text = await readFile(child.logFile, "utf8").catch(() => "");
    return text.slice(startedAt).includes("worker ready");
  }, { timeoutMs: 120_000 }).catch(async (error: unknown) => {
    await child.kill();
    throw error;
  });
  return child;
}
