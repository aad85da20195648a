/**
 * `@atrium/core/analytics`: member activity and the analytics page's saved layouts
 * (usage, cost and quality figures live beside them in usage*.ts).
 * Exports only what other packages use; everything else stays inside core.
 */
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
