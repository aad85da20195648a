/**
 * Load for one target with autocannon (fixed connections, no pipelining),
 * summarised as throughput and latency percentiles. Any connection error,
 * timeout or non-2xx answer makes the measurement fail: a benchmark of
 * errors is not a benchmark of the endpoint.
 */
import autocannon from "autocannon";

/** One request in flight per connection: latency is what a client waits for. */
export const PIPELINING = 1;

export interface LoadTarget {
  url: string;
  /** GET unless said. */
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent with every request (POST). */
  body?: string;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** The server process's CPU time so far in ms (processCpuMs), sampled around the run; null when unknown. */
  serverCpuMs?: (() => number | null) | undefined;
  /** The database server's CPU time so far in ms (processTreeCpuMs), sampled the same way; null when unknown. */
  databaseCpuMs?: (() => number | null) | undefined;
}

/** One autocannon run as it reports it before aggregation (latencies as an encoded histogram). */
interface RawRun {
  totalCompletedRequests: number;
  duration: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time during the run, ms (set by measure, not autocannon). */
  serverCpuMs?: number | null;
  /** The database server's CPU time during the run, ms. */
  databaseCpuMs?: number | null;
}

export interface Measurement {
  url: string;
  /** Completed requests. */
  requests: number;
  /** Wall-clock seconds under load. */
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** The server process's CPU time per completed request, ms (user + system; includes the process's own background work); null when unknown. */
  serverCpuMsPerRequest: number | null;
  /** PostgreSQL's CPU time (every process of the server) per completed request, ms; null when unknown (a remote DATABASE_URL). */
  databaseCpuMsPerRequest: number | null;
  /** The autocannon runs behind these numbers, kept so that rounds can be combined. */
  runs: RawRun[];
}

export class MeasureError extends Error {
  override name = "MeasureError";
  constructor(
    readonly url: string,
    readonly measurement: Measurement,
  ) {
    super(`${url}: ${measurement.errors} errors and ${measurement.non2xx} non-2xx responses in ${measurement.requests} requests`);
  }
}

/** autocannon's own merge of raw runs (latency histograms added); missing from its type definitions. */
const aggregateResult = (autocannon as unknown as { aggregateResult(runs: RawRun[], options: { url: string }): autocannon.Result })
  .aggregateResult;

/** Loads `target` for the given duration; throws MeasureError if any request failed. */
export async function measure(target: LoadTarget, options: LoadOptions): Promise<Measurement> {
  const cpuBefore = options.serverCpuMs?.() ?? null;
  const dbCpuBefore = options.databaseCpuMs?.() ?? null;
  const result = await autocannon({
    url: target.url,
    headers: target.headers ?? {},
    method: target.method ?? "GET",
    ...(target.body !== undefined ? { body: target.body } : {}),
    connections: options.connections,
    pipelining: PIPELINING,
    duration: options.durationSeconds,
    skipAggregateResult: true,
  });
  const cpuAfter = options.serverCpuMs?.() ?? null;
  const dbCpuAfter = options.databaseCpuMs?.() ?? null;
  const run = result as unknown as RawRun;
  run.serverCpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  run.databaseCpuMs = dbCpuBefore !== null && dbCpuAfter !== null ? dbCpuAfter - dbCpuBefore : null;
  const measurement = summarize(target.url, [run]);
  if (measurement.errors > 0 || measurement.non2xx > 0) throw new MeasureError(target.url, measurement);
  return measurement;
}

/** One measurement from several rounds of the same target: totals added, percentiles over all requests. */
export function combine(measurements: Measurement[]): Measurement {
  const first = measurements[0];
  if (!first) throw new Error("combine needs at least one measurement");
  return summarize(first.url, measurements.flatMap((m) => m.runs));
}

function summarize(url: string, runs: RawRun[]): Measurement {
  const { latency } = aggregateResult(runs, { url });
  const requests = sum(runs.map((r) => r.totalCompletedRequests));
  const seconds = sum(runs.map((r) => r.duration));
  return {
    url,
    requests,
    seconds,
    requestsPerSecond: seconds > 0 ? requests / seconds : 0,
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    errors: sum(runs.map((r) => r.errors)),
    non2xx: sum(runs.map((r) => r.non2xx)),
    serverCpuMsPerRequest: perRequest(runs.map((r) => r.serverCpuMs), requests),
    databaseCpuMsPerRequest: perRequest(runs.map((r) => r.databaseCpuMs), requests),
    runs,
  };
}

/** The runs' CPU added and divided by their requests; null unless every run knows its CPU. */
function perRequest(cpuMs: (number | null | undefined)[], requests: number): number | null {
  return requests > 0 && cpuMs.every((ms) => typeof ms === "number") ? sum(cpuMs as number[]) / requests : null;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
