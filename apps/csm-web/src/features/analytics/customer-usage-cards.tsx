/**
 * The usage cards of a customer's analytics (usage, cost, quality, top resources), from
 * `analytics.customer.usage.*`: the shared cards of @atrium/ui/analytics, read-only.
 */
import { QueryView } from "@atrium/ui";
import { CostByOperationCard, QualityCard, TopResourcesCard, UsageByMetricCard, UsageByOperationCard } from "@atrium/ui/analytics";
import { Stack } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

type Props = { organizationId: string; range: { from: string; to: string }; subtree: boolean; compare: boolean };

export function CustomerUsageCards({ organizationId, range, subtree, compare }: Props) {
  const input = { organizationId, ...range, subtree, compare };
  const keep = { placeholderData: keepPreviousData };
  const summary = useQuery({ ...trpc.analytics.customer.usage.summary.queryOptions(input), ...keep });
  const operations = useQuery({ ...trpc.analytics.customer.usage.operations.queryOptions(input), ...keep });
  const cost = useQuery({ ...trpc.analytics.customer.usage.cost.queryOptions(input), ...keep });
  const quality = useQuery({ ...trpc.analytics.customer.usage.quality.queryOptions(input), ...keep });
  const resources = useQuery({ ...trpc.analytics.customer.usage.topResources.queryOptions({ ...input, limit: 10 }), ...keep });
  const [metric, setMetric] = useState("api_calls");
  return (
    <Stack gap="lg">
      <QueryView query={summary} label="usage by metric">
        {(data) => <UsageByMetricCard data={data} metric={metric} onMetric={setMetric} />}
      </QueryView>
      <QueryView query={operations} label="usage by operation">
        {(data) => <UsageByOperationCard rows={data.operations} />}
      </QueryView>
      <QueryView query={cost} label="cost by operation">
        {(data) => <CostByOperationCard data={data} />}
      </QueryView>
      <QueryView query={resources} label="top resources">
        {(data) => <TopResourcesCard rows={data.resources} />}
      </QueryView>
      <QueryView query={quality} label="error rate and latency">
        {(data) => <QualityCard data={data} />}
      </QueryView>
    </Stack>
  );
}
