/**
 * The usage cards of the page (usage by metric, by operation, cost by operation, top resources,
 * error rate and latency), fed by `analytics.usage.*`: their queries, what they draw (the shared
 * cards of @atrium/ui/analytics) and what they put in the CSV export. A card appears once its
 * figures have loaded; a failed load shows the error in its place.
 */
import { CostByOperationCard, metricLabel, QualityCard, TopResourcesCard, UsageByMetricCard, UsageByOperationCard } from "@atrium/ui/analytics";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { previousOf, type DayRange } from "./search.ts";
import { cardOf, present, type PageCard } from "./cards.tsx";
import type { CardId } from "./use-layout.ts";

export function useUsageCards(orgId: string, range: DayRange, subtree: boolean, compare: boolean): Partial<Record<CardId, PageCard>> {
  const input = { orgId, ...range, subtree, compare };
  const keep = { placeholderData: keepPreviousData };
  const summary = useQuery({ ...trpc.analytics.usage.summary.queryOptions(input), ...keep });
  // The previous period's days, for the chart beside the current ones.
  const previousSummary = useQuery({ ...trpc.analytics.usage.summary.queryOptions({ orgId, ...previousOf(range), subtree, compare: false }), enabled: compare, ...keep });
  const operations = useQuery({ ...trpc.analytics.usage.operations.queryOptions(input), ...keep });
  const cost = useQuery({ ...trpc.analytics.usage.cost.queryOptions(input), ...keep });
  const quality = useQuery({ ...trpc.analytics.usage.quality.queryOptions(input), ...keep });
  const resources = useQuery({ ...trpc.analytics.usage.topResources.queryOptions({ ...input, limit: 10 }), ...keep });
  const [metric, setMetric] = useState<string>("api_calls");
  const previousDaily = compare ? previousSummary.data?.daily : undefined;

  const cards: Partial<Record<CardId, PageCard | undefined>> = {
    usage_by_metric: cardOf(
      "Usage by metric",
      summary,
      (data, controls) => <UsageByMetricCard data={data} previousDaily={previousDaily} metric={metric} onMetric={setMetric} controls={controls} />,
      (data) => [
        {
          title: "Usage by metric",
          header: compare ? ["Metric", "Events", "Quantity", "Previous events", "Previous quantity"] : ["Metric", "Events", "Quantity"],
          rows: data.metrics.map((m) => [metricLabel(m.metric), m.events, m.quantity, ...(compare ? [m.previous?.events ?? null, m.previous?.quantity ?? null] : [])]),
        },
        { title: "Usage per day", header: ["Day", "Metric", "Events", "Quantity"], rows: data.daily.map((d) => [d.day, metricLabel(d.metric), d.events, d.quantity]) },
      ],
    ),
    usage_by_operation: cardOf(
      "Usage by operation",
      operations,
      (data, controls) => <UsageByOperationCard rows={data.operations} controls={controls} />,
      (data) => [
        {
          title: "Usage by operation",
          header: ["Operation", "Events", "Errors", "Error rate", "p50 ms", "p95 ms", ...(compare ? ["Previous events", "Previous error rate"] : [])],
          rows: data.operations.map((o) => [o.operation, o.events, o.errors, o.errorRate, o.p50Ms, o.p95Ms, ...(compare ? [o.previous?.events ?? null, o.previous?.errorRate ?? null] : [])]),
        },
      ],
    ),
    cost_by_operation: cardOf(
      "Cost by operation",
      cost,
      (data, controls) => <CostByOperationCard data={data} controls={controls} />,
      (data) => [
        {
          title: "Cost by operation (minor units)",
          header: ["Operation", "Metric", "Currency", "Quantity", "Amount", ...(compare ? ["Previous amount"] : [])],
          rows: data.rows.map((r) => [r.operation, metricLabel(r.metric), r.currency.toUpperCase(), r.quantity, r.amountMinor, ...(compare ? [r.previousAmountMinor] : [])]),
        },
      ],
    ),
    top_resources: cardOf(
      "Top resources",
      resources,
      (data, controls) => <TopResourcesCard rows={data.resources} controls={controls} />,
      (data) => [{ title: "Top resources", header: ["Resource", "Operation", "Events", "Errors"], rows: data.resources.map((r) => [r.resourceId, r.operation, r.events, r.errors]) }],
    ),
    quality: cardOf(
      "Error rate and latency",
      quality,
      (data, controls) => <QualityCard data={data} controls={controls} />,
      (data) => [
        {
          title: "Error rate and latency per day",
          header: ["Day", "Events", "Errors", "Error rate", "p50 ms", "p95 ms", "p99 ms"],
          rows: data.daily.map((d) => [d.day, d.events, d.errors, d.errorRate, d.p50Ms, d.p95Ms, d.p99Ms]),
        },
      ],
    ),
  };
  return present(cards);
}
