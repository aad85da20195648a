/**
 * `@atrium/core/analytics`: usage analytics for tenant admins — figures by metric, operation,
 * cost, quality and resource over a range of days with the previous period, and the rollup job.
 */
export { rollupUsageAnalytics, rollupUsageBatch, type RollupResult } from "./usage-rollup.ts";
export { MAX_RANGE_DAYS, type UsageQuery } from "./usage-range.ts";
export {
  topResources,
  usageByOperation,
  usageQuality,
  usageSummary,
  type MetricDay,
  type MetricFigures,
  type OperationFigures,
  type OperationRow,
  type PeriodBounds,
  type QualityDay,
  type ResourceRow,
  type UsageQuality,
  type UsageSummary,
} from "./usage-queries.ts";
export { UNEXPLAINED_OPERATION, usageCostByOperation, type CostRow, type UsageCost } from "./usage-cost.ts";
export { GAMMA, RELATIVE_ERROR } from "./usage-sketch.ts";
