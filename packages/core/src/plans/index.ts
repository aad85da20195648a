/**
 * `@atrium/core/plans`: plan tiers, feature overrides, quotas and plan changes.
 * Exports only what other packages use; everything else stays inside core.
 */
export { changePlan } from "./change.ts";
export { assertQuota, planSummary, setFeatureOverride } from "./service.ts";
