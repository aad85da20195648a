import { formatDate, LabeledValue, PLAN_COLORS, PLAN_LABELS, REGION_LABELS } from "@atrium/ui";
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { roleLabel } from "../roles/role-label.ts";
import { MAX_DEPTH } from "./hierarchy.ts";
import type { HierarchyNode, MyOrganization } from "./types.ts";

/** The selected organization's facts, with its actions below. */
export function OrgDetails({ node, role, children }: { node: HierarchyNode; role: MyOrganization["role"] | undefined; children: ReactNode }) {
  const archived = node.status === "archived";
  return (
    <Card withBorder padding="lg" aria-label={`Details of ${node.name}`} component="section">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3" c={archived ? "dimmed" : undefined}>{node.name}</Title>
            <Text c="dimmed" size="sm">{node.slug}</Text>
          </div>
          <Group gap="xs">
            {archived && <Badge color="gray" variant="filled">Archived</Badge>}
            <Badge color={PLAN_COLORS[node.plan]} variant="light">{PLAN_LABELS[node.plan]}</Badge>
            {node.isEnterprise && node.plan !== "enterprise" && <Badge variant="outline">Enterprise account</Badge>}
          </Group>
        </Group>
        <SimpleGrid cols={2} spacing="sm">
          <LabeledValue label="Region">{REGION_LABELS[node.region]}</LabeledValue>
          <LabeledValue label="Members">{String(node.memberCount)}</LabeledValue>
          <LabeledValue label="Level">{`${node.depth} of ${MAX_DEPTH}`}</LabeledValue>
          <LabeledValue label="Your role">{role ? roleLabel(role) : "No direct role"}</LabeledValue>
          <LabeledValue label="Status">{node.status[0]!.toUpperCase() + node.status.slice(1)}</LabeledValue>
          <LabeledValue label="Created">{formatDate(node.createdAt)}</LabeledValue>
        </SimpleGrid>
        {archived && <Text size="sm" c="dimmed">Archived organizations are read-only until restored.</Text>}
        {children}
      </Stack>
    </Card>
  );
}

