/** The analytics page's cards, shared by the admin console and the CSM portal (presentational: figures in, nothing fetched). */
export { AnalyticsCard, changeLabel } from "./analytics-card.tsx";
export { MEMBER_ACTIVITY_DEFINITIONS, MemberActivityCard, type MemberActivityData } from "./member-activity-card.tsx";
export { TopMembersCard, type TopMemberRow } from "./top-members-card.tsx";
