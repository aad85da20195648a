/**
 * `@atrium/core/health`: customer health scores: weights, recompute, explanations, portfolio roll-up, backtest.
 * Exports only what other packages use; everything else stays inside core.
 */
export { backtest, recordRenewalOutcome } from "./backtest.ts";
export { customerDetail, portfolio } from "./portfolio.ts";
export { healthConfig, setHealthConfig, ZHealthConfig, COMPONENT_LABELS, COMPONENTS } from "./config.ts";
export { recomputeHealth } from "./recompute.ts";
export { previewHealthConfig } from "./preview.ts";
