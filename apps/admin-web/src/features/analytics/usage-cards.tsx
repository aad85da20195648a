/**
 * The usage cards of the page (usage by metric, by operation, cost by operation, top resources,
 * error rate and latency), fed by `analytics.usage.*`. Until those procedures are mounted the
 * page shows the member cards only.
 */
import type { CardId } from "./use-layout.ts";
import type { PageCard } from "./analytics-page.tsx";
import type { DayRange } from "./search.ts";

export function useUsageCards(_orgId: string, _range: DayRange, _subtree: boolean, _compare: boolean): Partial<Record<CardId, PageCard>> {
  return {};
}
