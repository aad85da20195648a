import { errorMessage, PLAN_COLORS, PLAN_LABELS, REGION_LABELS } from "@atrium/ui";
import {
  Alert, Badge, Button, Card, Grid, Group, Loader, SimpleGrid, Stack, Text, Title, Tooltip, Tree, UnstyledButton,
  useTree,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { trpc } from "../../lib/api.ts";
import { hierarchyRoute } from "../../routes/router.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { roleLabel } from "../roles/role-label.ts";
import { CreateChildModal } from "./create-child-modal.tsx";
import { toTree } from "./hierarchy.ts";
import type { HierarchyNode } from "./types.ts";

const MAX_DEPTH = 5;

export function HierarchyPage() {
  const { orgId } = hierarchyRoute.useParams();
  const { selected } = hierarchyRoute.useSearch();
  const navigate = useNavigate({ from: hierarchyRoute.fullPath });
  const hierarchy = useQuery(trpc.org.hierarchy.queryOptions({ orgId }));
  const { data: myOrgs = [] } = useQuery(trpc.org.list.queryOptions());
  const [creatingUnder, setCreatingUnder] = useState<HierarchyNode | null>(null);

  const nodes = useMemo(() => hierarchy.data ?? [], [hierarchy.data]);
  const data = useMemo(() => toTree(nodes, orgId), [nodes, orgId]);
  // Every organization shows expanded (new children too) unless the admin collapsed it.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const tree = useTree({
    expandedState: Object.fromEntries(nodes.map((n) => [n.id, !collapsed.has(n.id)])),
    onExpandedStateChange: (state) => setCollapsed(new Set(Object.keys(state).filter((id) => !state[id]))),
  });
  const current = nodes.find((n) => n.id === (selected ?? orgId)) ?? nodes[0];
  const roleIn = (id: string) => myOrgs.find((o) => o.id === id)?.role;
  const accessHere = useMyAccess(current?.id ?? orgId);

  if (hierarchy.isPending) return <Loader aria-label="Loading hierarchy" />;
  if (hierarchy.isError) return <Alert color="red" title="Could not load the organization">{errorMessage(hierarchy.error)}</Alert>;

  const role = current ? roleIn(current.id) : undefined;
  const canCreate = accessHere.can("org:create_child");
  const atMaxDepth = (current?.depth ?? 0) >= MAX_DEPTH;

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">Organization hierarchy</Title>
          <Text c="dimmed">{nodes.length} organization{nodes.length === 1 ? "" : "s"} in this tree · up to {MAX_DEPTH} levels</Text>
        </div>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="md">
            <Tree
              aria-label="Organization hierarchy"
              data={data}
              tree={tree}
              levelOffset={24}
              expandOnClick={false}
              renderNode={({ node, elementProps, hasChildren, expanded }) => {
                const info = nodes.find((n) => n.id === node.value)!;
                return (
                  <Group
                    {...elementProps}
                    gap="xs"
                    py={6}
                    px="xs"
                    wrap="nowrap"
                    bg={info.id === current?.id ? "atrium.0" : undefined}
                    style={{ ...elementProps.style, borderRadius: 6 }}
                    onClick={(event) => {
                      elementProps.onClick(event);
                      void navigate({ search: { selected: info.id } });
                    }}
                  >
                    <UnstyledButton
                      w={16}
                      c="dimmed"
                      fz="xs"
                      tabIndex={-1}
                      aria-hidden
                      style={{ visibility: hasChildren ? "visible" : "hidden" }}
                      onClick={(event) => {
                        event.stopPropagation();
                        tree.toggleExpanded(node.value);
                      }}
                    >
                      {expanded ? "▾" : "▸"}
                    </UnstyledButton>
                    <Text size="sm" fw={500}>{node.label}</Text>
                    <Text size="xs" c="dimmed">{info.memberCount} member{info.memberCount === 1 ? "" : "s"}</Text>
                  </Group>
                );
              }}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {current && (
            <Card withBorder padding="lg" aria-label={`Details of ${current.name}`} component="section">
              <Stack>
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Title order={2} size="h3">{current.name}</Title>
                    <Text c="dimmed" size="sm">{current.slug}</Text>
                  </div>
                  <Group gap="xs">
                    <Badge color={PLAN_COLORS[current.plan]} variant="light">{PLAN_LABELS[current.plan]}</Badge>
                    {current.isEnterprise && current.plan !== "enterprise" && <Badge variant="outline">Enterprise account</Badge>}
                  </Group>
                </Group>
                <SimpleGrid cols={2} spacing="sm">
                  <Fact label="Region" value={REGION_LABELS[current.region]} />
                  <Fact label="Members" value={String(current.memberCount)} />
                  <Fact label="Level" value={`${current.depth} of ${MAX_DEPTH}`} />
                  <Fact label="Your role" value={role ? roleLabel(role) : "No direct role"} />
                  <Fact label="Status" value={current.status[0]!.toUpperCase() + current.status.slice(1)} />
                  <Fact label="Created" value={current.createdAt.toLocaleDateString()} />
                </SimpleGrid>
                <Group>
                  <Tooltip
                    label={atMaxDepth ? `Organizations can be nested at most ${MAX_DEPTH} levels deep` : "Your role here cannot create organizations"}
                    disabled={canCreate && !atMaxDepth}
                  >
                    <Button onClick={() => setCreatingUnder(current)} disabled={!canCreate || atMaxDepth}>
                      Create child organization
                    </Button>
                  </Tooltip>
                </Group>
              </Stack>
            </Card>
          )}
        </Grid.Col>
      </Grid>
      {creatingUnder && (
        <CreateChildModal
          parent={creatingUnder}
          onClose={() => setCreatingUnder(null)}
          onCreated={(child) => {
            setCreatingUnder(null);
            void navigate({ search: { selected: child.id } });
          }}
        />
      )}
    </Stack>
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
