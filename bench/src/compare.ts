/**
 * Runs one scenario's two targets under the same load: a warm-up of each
 * (discarded), then the measured time split into two rounds run in the order
 * bare, tRPC, tRPC, bare, so that neither target always goes first or inherits
 * the other's warm caches.
 */
import { combine, measure, type Measurement } from "./measure.ts";
import type { ScenarioTargets } from "./scenario.ts";

export interface CompareSettings {
  connections: number;
  warmupSeconds: number;
  /** Measured seconds per target, summed over its rounds. */
  durationSeconds: number;
  /** The server process's CPU time so far, ms (see process-cpu.ts). */
  serverCpuMs?: (() => number | null) | undefined;
  databaseCpuMs?: (() => number | null) | undefined;
}

export interface Comparison {
  bare: Measurement;
  trpc: Measurement;
  ratio: {
    /** tRPC req/s ÷ bare req/s: the share of the floor's throughput that tRPC reaches. */
    throughput: number;
    /** tRPC p99 ÷ bare p99; null when the bare p99 rounds to 0 ms. */
    p99: number | null;
  };
}

type Side = keyof ScenarioTargets;

export async function compareTargets(
  targets: ScenarioTargets,
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<Comparison> {
  const load = (side: Side, seconds: number) =>
    measure(targets[side], { connections: settings.connections, durationSeconds: seconds, serverCpuMs: settings.serverCpuMs, databaseCpuMs: settings.databaseCpuMs });

  for (const side of ["bare", "trpc"] as const) {
    log(`warm-up ${side} (${settings.warmupSeconds} s)`);
    await load(side, settings.warmupSeconds);
  }
  const rounds: Record<Side, Measurement[]> = { bare: [], trpc: [] };
  for (const { side, seconds } of measuredRounds(settings.durationSeconds)) {
    log(`measuring ${side} (${seconds} s)`);
    rounds[side].push(await load(side, seconds));
  }
  const bare = combine(rounds.bare);
  const trpc = combine(rounds.trpc);
  return {
    bare,
    trpc,
    ratio: {
      throughput: trpc.requestsPerSecond / bare.requestsPerSecond,
      p99: bare.p99Ms > 0 ? trpc.p99Ms / bare.p99Ms : null,
    },
  };
}

/** Whole seconds (autocannon samples once a second): the first pair gets the odd second. */
function measuredRounds(durationSeconds: number): { side: Side; seconds: number }[] {
  const first = Math.ceil(durationSeconds / 2);
  const second = durationSeconds - first;
  const rounds = [
    { side: "bare" as const, seconds: first },
    { side: "trpc" as const, seconds: first },
    { side: "trpc" as const, seconds: second },
    { side: "bare" as const, seconds: second },
  ];
  return rounds.filter((round) => round.seconds > 0);
}
