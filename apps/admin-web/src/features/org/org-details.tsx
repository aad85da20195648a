import { formatDate, PLAN_COLORS, PLAN_LABELS, REGION_LABELS } from "@atrium/ui";
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
          <Fact label="Region" value={REGION_LABELS[node.region]} />
          <Fact label="Members" value={String(node.memberCount)} />
          <Fact label="Level" value={`${node.depth} of ${MAX_DEPTH}`} />
          <Fact label="Your role" value={role ? roleLabel(role) : "No direct role"} />
          <Fact label="Status" value={node.status[0]!.toUpperCase() + node.status.slice(1)} />
          <Fact label="Created" value={formatDate(node.createdAt)} />
        </SimpleGrid>
        {archived && <Text size="sm" c="dimmed">Archived organizations are read-only until restored.</Text>}
        {children}
      </Stack>
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
