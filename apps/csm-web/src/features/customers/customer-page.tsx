import { errorMessage, PLAN_COLORS, PLAN_LABELS, REGION_LABELS } from "@atrium/ui";
import { FEATURES, QUOTAS, type Feature, type Quota } from "@atrium/rbac";
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { customerRoute } from "../../routes/router.tsx";
import { FeatureOverrideModal } from "./feature-override-modal.tsx";

/** One customer: plan, which features it has and why (overrides included), and quota use. */
export function CustomerPage() {
  const { customerId } = customerRoute.useParams();
  const customers = useQuery(trpc.customers.list.queryOptions());
  const plan = useQuery(trpc.customers.plan.queryOptions({ organizationId: customerId }));
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
          <Text c="dimmed">{customer.slug} · {REGION_LABELS[customer.region]} · {customer.memberCount} people in {customer.organizationCount} organizations</Text>
        </div>
        <Badge size="lg" color={PLAN_COLORS[plan.data.plan]} variant="light">{PLAN_LABELS[plan.data.plan]}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {plan.data.quotas.map((q) => (
          <Paper key={q.quota} withBorder p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{QUOTAS[q.quota as Quota]}</Text>
            <Text fz={22} fw={700}>{q.used}{q.limit === null ? "" : ` / ${q.limit}`}</Text>
            {q.limit !== null && q.limit > 0 && (
              <Progress value={Math.min(100, (q.used / q.limit) * 100)} color={q.status === "full" ? "red" : q.status === "warn" ? "orange" : "atrium"} aria-label={`${QUOTAS[q.quota as Quota]} used`} />
            )}
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder>
        <Table aria-label="Features">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feature</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.data.features.map((f) => (
              <Table.Tr key={f.feature}>
                <Table.Td>{FEATURES[f.feature as Feature]}</Table.Td>
                <Table.Td>
                  <Badge color={f.enabled ? "green" : "gray"} variant="light">{f.enabled ? "On" : "Off"}</Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{f.reason}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="default" onClick={() => setEditing(f.feature as Feature)} aria-label={`Override ${FEATURES[f.feature as Feature]}`}>
                    Override
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
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
