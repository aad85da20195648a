/** What each fault scenario did and checked, printed as it goes and written to bench/results/faults.json. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "results");
export const RESULTS_FILE = join(RESULTS_DIR, "faults.json");

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

export interface ScenarioReport {
  scenario: string;
  did: string[];
  checks: Check[];
  ok: boolean;
  error?: string;
  seconds: number;
}

/** One scenario's log: `did` for actions, `check` for assertions (a failed check does not stop the scenario). */
export class ScenarioLog {
  readonly did: string[] = [];
  readonly checks: Check[] = [];
  constructor(readonly scenario: string) {
    console.log(`\n=== ${scenario}`);
  }
  step(what: string) {
    this.did.push(what);
    console.log(`  - ${what}`);
  }
  check(check: string, ok: boolean, detail = "") {
    this.checks.push({ check, ok, detail });
    console.log(`  ${ok ? "PASS" : "FAIL"} ${check}${detail ? ` — ${detail}` : ""}`);
    return ok;
  }
}

export async function writeFaultResults(reports: ScenarioReport[]) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const ok = reports.every((r) => r.ok);
  await writeFile(RESULTS_FILE, `${JSON.stringify({ finishedAt: new Date().toISOString(), ok, scenarios: reports }, null, 2)}\n`);
}
