/** The analytics page's cards, shared by the admin console and the CSM portal (presentational: figures in, nothing fetched). */
export { AnalyticsCard } from "./analytics-card.tsx";
export { changeLabel, formatLatency, formatQuantity, METRIC_LABELS, metricLabel } from "./figures.ts";
export { MEMBER_ACTIVITY_DEFINITIONS, MemberActivityCard, type MemberActivityData } from "./member-activity-card.tsx";
export { QualityCard, type QualityData } from "./quality-card.tsx";
export { TopMembersCard, type TopMemberRow } from "./top-members-card.tsx";
export {
  CostByOperationCard,
  type CostData,
  dayRange,
  type OperationRowData,
  type ResourceRowData,
  TopResourcesCard,
  UsageByMetricCard,
  UsageByOperationCard,
  type UsageSummaryData,
} from "./usage-cards.tsx";
