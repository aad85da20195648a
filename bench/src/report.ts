/** The printed table and bench/results/latest.json. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompareSettings, Comparison } from "./compare.ts";
import type { Measurement } from "./measure.ts";

export const RESULTS_FILE = fileURLToPath(new URL("../results/latest.json", import.meta.url));

export interface ScenarioResult {
  name: string;
  summary: string;
  comparison: Comparison;
}

export interface BenchRun {
  settings: CompareSettings & { pipelining: number; poolSize: number };
  scenarios: ScenarioResult[];
}

const COLUMNS = ["scenario", "target", "requests", "req/s", "p50 ms", "p99 ms"];

export function formatTable(run: BenchRun): string {
  const rows: string[][] = [];
  for (const { name, comparison } of run.scenarios) {
    rows.push(measurementRow(name, "bare", comparison.bare));
    rows.push(measurementRow(name, "trpc", comparison.trpc));
  }
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const ratios = run.scenarios.map(
    ({ name, comparison: { ratio } }) =>
      `${name}: tRPC/bare throughput ${ratio.throughput.toFixed(2)}×, p99 ${ratio.p99 === null ? "n/a" : `${ratio.p99.toFixed(2)}×`}`,
  );
  const { connections, pipelining, warmupSeconds, durationSeconds, poolSize } = run.settings;
  return [
    `${connections} connections, pipelining ${pipelining}, pool ${poolSize}, warm-up ${warmupSeconds} s, measured ${durationSeconds} s per target`,
    "",
    line(COLUMNS),
    ...rows.map(line),
    "",
    ...ratios,
  ].join("\n");
}

function measurementRow(scenario: string, target: string, m: Measurement): string[] {
  return [scenario, target, m.requests.toLocaleString("en-US"), m.requestsPerSecond.toFixed(0), m.p50Ms.toFixed(1), m.p99Ms.toFixed(1)];
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
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
}

function publicFields({ runs: _runs, ...fields }: Measurement): Omit<Measurement, "runs"> {
  return fields;
}
