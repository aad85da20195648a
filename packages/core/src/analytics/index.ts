/**
 * `@atrium/core/analytics`: analytics for tenant admins — usage figures by metric, operation,
 * cost, quality and resource over a range of days with the previous period, and the rollup job
 * (usage*.ts); member activity (members.ts) and the analytics page's saved layouts (layout.ts).
 * Exports only what other packages use; everything else stays inside core.
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
export { analyticsScope, memberActivity, type MemberActivity, type MemberActivityInput, type MemberActivityPerson } from "./members.ts";
export {
  ANALYTICS_CARDS,
  type AnalyticsCardId,
  type AnalyticsLayout,
  defaultAnalyticsLayout,
  getAnalyticsLayout,
  recordAnalyticsExport,
  resetAnalyticsLayout,
  saveAnalyticsLayout,
  type TAnalyticsCard,
  ZAnalyticsCard,
  ZAnalyticsLayoutCards,
} from "./layout.ts";
