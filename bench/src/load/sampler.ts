/**
 * What the load run samples every few seconds: resident memory (VmRSS from
 * /proc/<pid>/status) of the API, the worker and PostgreSQL (the postmaster
 * and all its children, summed: shared buffers touched by several backends
 * count once per backend, so the sum overstates real use but shows growth),
 * and pg-boss queue lag as the worker reports it on its /metrics.
 */
import { readdir, readFile } from "node:fs/promises";

export async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The pid of the postgres postmaster listening on `port` (its command line names the port). */
async function postmasterPid(port: number): Promise<number | null> {
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const args = cmdline.split("\0");
    if (!/postgres$/.test(args[0] ?? "")) continue;
    const joined = args.join(" ");
    if (joined.includes(`-p ${port}`) || joined.includes(`-p ${port} `) || args.some((a, i) => a === "-p" && args[i + 1] === String(port))) return Number(entry);
  }
  return null;
}

/** Sums VmRSS over the postmaster and its child processes. */
export function postgresSampler(port: number | null): () => Promise<number | null> {
  let postmaster: number | null | undefined;
  return async () => {
    if (port === null) return null;
    if (!postmaster) postmaster = await postmasterPid(port);
    if (!postmaster) return null;
    let total = (await rssMb(postmaster)) ?? 0;
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) total += (await rssMb(Number(entry))) ?? 0;
    }
    return total;
  };
}

/** atrium_queue_lag_seconds and atrium_queue_jobs from the worker's /metrics. */
export async function queueLag(metricsUrl: string): Promise<{ lag: Record<string, number>; waiting: Record<string, number> } | null> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const lag: Record<string, number> = {};
    const waiting: Record<string, number> = {};
    for (const m of text.matchAll(/^atrium_queue_lag_seconds\{queue="([^"]+)"\} (\S+)$/gm)) lag[m[1]!] = Number(m[2]);
    for (const m of text.matchAll(/^atrium_queue_jobs\{queue="([^"]+)",state="(created|retry)"\} (\S+)$/gm)) {
      waiting[m[1]!] = (waiting[m[1]!] ?? 0) + Number(m[3]);
    }
    return { lag, waiting };
  } catch {
    return null;
  }
}
