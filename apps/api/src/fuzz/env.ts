/** The fuzz suite's settings: FUZZ_RUNS scales every run count (default 1), FUZZ_SEED replaces the fixed seed. */
const runsScale = Number(process.env["FUZZ_RUNS"] ?? "1");
export const FUZZ_RUNS_SCALE = Number.isFinite(runsScale) && runsScale > 0 ? runsScale : 1;
export const FUZZ_SEED = process.env["FUZZ_SEED"] ? Number(process.env["FUZZ_SEED"]) : 20261122;
