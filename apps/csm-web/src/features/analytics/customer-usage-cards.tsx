/**
 * The usage cards of a customer's analytics (usage, cost, quality, top resources), from
 * `analytics.customer.usage*` once the usage procedures are mounted; nothing until then.
 */
export function CustomerUsageCards(_props: { organizationId: string; range: { from: string; to: string }; subtree: boolean; compare: boolean }) {
  return null;
}
