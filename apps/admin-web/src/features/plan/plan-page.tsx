import { errorMessage, PLAN_COLORS, PLAN_LABELS } from "@atrium/ui";
import { Alert, Badge, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { FeaturesTable } from "./features-table.tsx";
import { QuotaBars } from "./quota-bars.tsx";
import { getRouteApi } from "@tanstack/react-router";

const planRoute = getRouteApi("/app/orgs/$orgId/plan");

/** The organization's plan, what it includes (and why), and how much of each quota is used. */
export function PlanPage() {
  const { orgId } = planRoute.useParams();
  const plan = useQuery(trpc.org.plan.queryOptions({ orgId }));

  if (plan.isPending) return <Loader aria-label="Loading the plan" />;
  if (plan.isError) return <Alert color="red" role="alert" title="Could not load the plan">{errorMessage(plan.error)}</Alert>;

  const enabled = plan.data.features.filter((f) => f.enabled).length;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">Plan and features</Title>
        <Group gap="sm" mt={4}>
          <Text c="dimmed">Current plan</Text>
          <Badge size="lg" variant="light" color={PLAN_COLORS[plan.data.plan]}>{PLAN_LABELS[plan.data.plan]}</Badge>
          <Text c="dimmed">· {enabled} of {plan.data.features.length} features on</Text>
        </Group>
      </div>
      <QuotaBars quotas={plan.data.quotas} />
      <FeaturesTable features={plan.data.features} />
      <Text size="sm" c="dimmed">
        To change plan, an owner of the organization can contact your Atrium account manager. Features turned on by an override
        stay on until the date shown.
      </Text>
    </Stack>
  );
}
