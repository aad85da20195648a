import { type DataColumn, DataTable, errorMessage, formatNumber, PLAN_COLORS, PLAN_LABELS, REGION_LABELS, StatCard, TruncatedText } from "@atrium/ui";
import { FEATURES, QUOTAS, type Feature, type Quota } from "@atrium/rbac";
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { LicensesCard } from "../licenses/licenses-card.tsx";
import { FeatureOverrideModal } from "./feature-override-modal.tsx";

const customerRoute = getRouteApi("/staff/customers/$customerId");

type FeatureRow = { feature: string; enabled: boolean; reason: string };
const featureName = (f: FeatureRow) => FEATURES[f.feature as Feature] ?? f.feature;

const FEATURE_COLUMNS: DataColumn<FeatureRow>[] = [
  { id: "feature", header: "Feature", width: "32%", value: featureName },
  { id: "status", header: "Status", width: "12%", cell: (f) => <Badge color={f.enabled ? "green" : "gray"} variant="light">{f.enabled ? "On" : "Off"}</Badge> },
  { id: "why", header: "Why", cell: (f) => <TruncatedText text={f.reason} /> },
];

/** One customer: plan, which features it has and why (overrides included), and quota use. */
export function CustomerPage() {
  const { customerId } = customerRoute.useParams();
  const customers = useQuery(trpc.staff.customers.list.queryOptions());
  const plan = useQuery(trpc.staff.customers.plan.queryOptions({ organizationId: customerId }));
  const [editing, setEditing] = useState<Feature | null>(null);
  const customer = customers.data?.find((c) => c.id === customerId);

  if (plan.isPending || customers.isPending) return <Loader aria-label="Loading customer" />;
  if (plan.isError) return <Alert color="red" title="Could not load the customer">{errorMessage(plan.error)}</Alert>;
  if (!customer) return <Alert color="orange">No customer with this id.</Alert>;

  return (
    <Stack gap="lg">
      <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/customers" />}>
        ← All customers
      </Anchor>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">{customer.name}</Title>
          <Text c="dimmed">{customer.slug} · {REGION_LABELS[customer.region]} · {formatNumber(customer.memberCount)} people in {formatNumber(customer.organizationCount)} organizations</Text>
        </div>
        <Group gap="sm">
          <Button variant="default" renderRoot={(props) => <Link {...props} to="/customers/$customerId/analytics" params={{ customerId }} />}>
            Analytics
          </Button>
          <Badge size="lg" color={PLAN_COLORS[plan.data.plan]} variant="light">{PLAN_LABELS[plan.data.plan]}</Badge>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {plan.data.quotas.map((q) => (
          <StatCard key={q.quota} label={QUOTAS[q.quota as Quota]} value={`${formatNumber(q.used)}${q.limit === null ? "" : ` / ${formatNumber(q.limit)}`}`}>
            {q.limit !== null && q.limit > 0 && (
              <Progress value={Math.min(100, (q.used / q.limit) * 100)} color={q.status === "full" ? "red" : q.status === "warn" ? "orange" : "atrium"} aria-label={`${QUOTAS[q.quota as Quota]} used`} />
            )}
          </StatCard>
        ))}
      </SimpleGrid>
      <Paper withBorder>
        <DataTable
          label="Features"
          columns={FEATURE_COLUMNS}
          data={plan.data.features}
          getRowId={(f) => f.feature}
          actionsWidth={100}
          rowActions={(f) => (
            <Button size="xs" variant="default" onClick={() => setEditing(f.feature as Feature)} aria-label={`Override ${featureName(f)}`}>
              Override
            </Button>
          )}
        />
      </Paper>
      <LicensesCard organizationId={customerId} />
      {editing && (
        <FeatureOverrideModal
          organizationId={customerId}
          feature={editing}
          current={plan.data.features.find((f) => f.feature === editing)!}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
