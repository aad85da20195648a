/**
 * `npm run bench:faults`: injects faults into a running Atrium (API and worker
 * processes on an embedded PostgreSQL this run controls, loopback only) and
 * checks how it behaves. Each scenario prints what it did, what it checked and
 * PASS/FAIL; the results go to bench/results/faults.json; the exit code is 1
 * when any check failed. `BENCH_FAULTS=restart,kill` runs a subset.
 */
import { createFaultEnvironment, type FaultEnvironment } from "./environment.ts";
import { RESULTS_FILE, ScenarioLog, writeFaultResults, type ScenarioReport } from "./report.ts";
import { postgresRestart } from "./scenarios/postgres-restart.ts";
import { slowDatabase } from "./scenarios/slow-database.ts";
import { twoInstances } from "./scenarios/two-instances.ts";
import { workerKill } from "./scenarios/worker-kill.ts";

interface FaultScenario {
  key: string;
  name: string;
  run(env: FaultEnvironment, log: ScenarioLog): Promise<void>;
}

const SCENARIOS: FaultScenario[] = [
  { key: "restart", name: "1. PostgreSQL stop/restart under load", run: postgresRestart },
  { key: "kill", name: "2. kill -9 of the worker mid-job, every queue", run: workerKill },
  { key: "pair", name: "3. two API instances and two workers on one database", run: twoInstances },
  { key: "slow", name: "4. slow database", run: slowDatabase },
];

async function main(): Promise<boolean> {
  // eslint-disable-next-line no-restricted-properties
  const only = process.env["BENCH_FAULTS"]?.split(",").map((s) => s.trim());
  const selected = SCENARIOS.filter((s) => !only || only.includes(s.key));
  console.log(`fault injection: ${selected.map((s) => s.key).join(", ")} (logs of the API and worker processes in bench/results/faults-logs/)`);
  const env = await createFaultEnvironment();
  const reports: ScenarioReport[] = [];
  try {
    for (const scenario of selected) {
      const log = new ScenarioLog(scenario.name);
      const started = Date.now();
      let error: string | undefined;
      try {
        await scenario.run(env, log);
      } catch (e) {
        error = (e as Error).stack ?? String(e);
        log.check("the scenario ran to its end", false, (e as Error).message);
      }
      const ok = log.checks.length > 0 && log.checks.every((c) => c.ok);
      reports.push({ scenario: scenario.name, did: log.did, checks: log.checks, ok, seconds: Math.round((Date.now() - started) / 1000), ...(error ? { error } : {}) });
      console.log(`${ok ? "PASS" : "FAIL"} ${scenario.name} (${log.checks.filter((c) => c.ok).length}/${log.checks.length} checks)`);
    }
  } finally {
    await writeFaultResults(reports);
    await env.close();
  }
  console.log(`\nresults written to ${RESULTS_FILE}`);
  const ok = reports.every((r) => r.ok);
  console.log(ok ? "all fault scenarios PASS" : `FAIL: ${reports.filter((r) => !r.ok).map((r) => r.scenario).join("; ")}`);
  return ok;
}

let code = 0;
try {
  if (!(await main())) code = 1;
} catch (error) {
  console.error(error);
  code = 1;
}
// Do not wait on stray sockets or timers of a failed scenario.
process.exit(code);
