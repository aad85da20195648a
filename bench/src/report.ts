/** The printed table and bench/results/latest.json. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompareSettings, Comparison } from "./compare.ts";
import type { Measurement } from "./measure.ts";

export const RESULTS_FILE = fileURLToPath(new URL("../results/latest.json", import.meta.url));

export interface ScenarioResult {
  name: string;
  label?: string;
  summary: string;
  comparison: Comparison;
}

/** A target measured alone, against the p99 the issue asks for. */
export interface SoloResult {
  name: string;
  summary: string;
  p99TargetMs: number;
  measurement: Measurement;
}

export interface BenchRun {
  settings: CompareSettings & { pipelining: number; poolSize: number };
  scenarios: ScenarioResult[];
  solos?: SoloResult[];
}

/** The targets issue 16 set for /v1/authorize against its bare baseline. */
const RATIO_TARGETS: Record<string, { throughput: number; p99Ms: number }> = { "v1.authorize": { throughput: 0.5, p99Ms: 10 } };

const verdict = (met: boolean) => (met ? "met" : "MISSED");

const COLUMNS = ["scenario", "target", "requests", "req/s", "p50 ms", "p99 ms", "cpu ms/req", "db cpu ms/req"];

export function formatTable(run: BenchRun): string {
  const rows: string[][] = [];
  for (const { name, label, comparison } of run.scenarios) {
    rows.push(measurementRow(name, "bare", comparison.bare));
    rows.push(measurementRow(name, label ?? "trpc", comparison.trpc));
  }
  for (const { name, measurement } of run.solos ?? []) rows.push(measurementRow(name, "alone", measurement));
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const ratios = run.scenarios.map(
    ({ name, label, comparison: { ratio } }) =>
      `${name}: ${label ?? "tRPC"}/bare throughput ${ratio.throughput.toFixed(2)}×, p99 ${ratio.p99 === null ? "n/a" : `${ratio.p99.toFixed(2)}×`}`,
  );
  const targets = [
    ...run.scenarios.flatMap(({ name, comparison }) => {
      const target = RATIO_TARGETS[name];
      if (!target) return [];
      return [
        `${name}: throughput ratio ${comparison.ratio.throughput.toFixed(2)}× (target ≥ ${target.throughput}×) ${verdict(comparison.ratio.throughput >= target.throughput)}; ` +
          `p99 ${comparison.trpc.p99Ms.toFixed(1)} ms (target < ${target.p99Ms} ms) ${verdict(comparison.trpc.p99Ms < target.p99Ms)}`,
      ];
    }),
    ...(run.solos ?? []).map(
      ({ name, p99TargetMs, measurement }) => `${name}: p99 ${measurement.p99Ms.toFixed(1)} ms (target < ${p99TargetMs} ms) ${verdict(measurement.p99Ms < p99TargetMs)}`,
    ),
  ];
  const { connections, pipelining, warmupSeconds, durationSeconds, poolSize } = run.settings;
  return [
    `${connections} connections, pipelining ${pipelining}, pool ${poolSize}, warm-up ${warmupSeconds} s, measured ${durationSeconds} s per target`,
    "",
    line(COLUMNS),
    ...rows.map(line),
    "",
    ...ratios,
    ...(targets.length ? ["", ...targets] : []),
  ].join("\n");
}

function measurementRow(scenario: string, target: string, m: Measurement): string[] {
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(2));
  return [scenario, target, m.requests.toLocaleString("en-US"), m.requestsPerSecond.toFixed(0), m.p50Ms.toFixed(1), m.p99Ms.toFixed(1), ms(m.serverCpuMsPerRequest), ms(m.databaseCpuMsPerRequest)];
}

export async function writeResults(run: BenchRun, file = RESULTS_FILE): Promise<void> {
  const json = {
    finishedAt: new Date().toISOString(),
    node: process.version,
    settings: run.settings,
    scenarios: run.scenarios.map(({ name, summary, comparison }) => ({
      name,
      summary,
      bare: publicFields(comparison.bare),
      trpc: publicFields(comparison.trpc),
      ratio: comparison.ratio,
    })),
    solos: (run.solos ?? []).map(({ name, summary, p99TargetMs, measurement }) => ({ name, summary, p99TargetMs, measurement: publicFields(measurement) })),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
}

function publicFields({ runs: _runs, ...fields }: Measurement): Omit<Measurement, "runs"> {
  return fields;
}
