/**
 * CPU time a process has used (user + system), read from /proc/<pid>/stat:
 * what a request costs the server whatever else the machine is doing, unlike
 * latency and throughput, which a loaded machine distorts. Null where there
 * is no /proc (the column then shows "–").
 */
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The parent process id of `pid` (field 4 of /proc/<pid>/stat); null where there is no /proc. */
export function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * CPU time of a PostgreSQL server so far: its postmaster and every process it
 * started (connection backends, WAL writer, checkpointer, autovacuum), ms.
 * Read around a run, the difference is what the database spent on it — the
 * half of a request's cost the API process's own column leaves out. A backend
 * that exited during the run takes its CPU with it; the servers' pools keep
 * theirs open. Null where there is no /proc.
 */
export function processTreeCpuMs(rootPid: number): number | null {
  const own = processCpuMs(rootPid);
  if (own === null) return null;
  let total = own;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid !== rootPid && parentPid(pid) === rootPid) total += processCpuMs(pid) ?? 0;
  }
  return total;
}

/** The PostgreSQL server's main process when it runs on this machine (the parent of this connection's backend), else null. */
export async function postgresServerPid(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const backend = rows[0]!.pid;
    const parent = parentPid(backend);
    return parent !== null && processCpuMs(parent) !== null && isPostgres(backend) ? parent : null;
  } finally {
    await client.end();
  }
}

/** The process is PostgreSQL's (a process of that id may exist here while the server is elsewhere). */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("postgres");
  } catch {
    return false;
  }
}
