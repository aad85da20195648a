import { errorMessage, formatCount, PageHeader } from "@atrium/ui";
import { Alert, Badge, Card, Grid, Group, Loader, Stack, Text, Tree, UnstyledButton, useTree } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { ArchiveOrgModal } from "./archive-org-modal.tsx";
import { CreateChildModal } from "./create-child-modal.tsx";
import { MAX_DEPTH, subtreeOf, toTree } from "./hierarchy.ts";
import { MoveOrgModal } from "./move-org-modal.tsx";
import { OrgActions, type OrgAction } from "./org-actions.tsx";
import { OrgDetails } from "./org-details.tsx";

const hierarchyRoute = getRouteApi("/app/orgs/$orgId/");

export function HierarchyPage() {
  const { orgId } = hierarchyRoute.useParams();
  const { selected } = hierarchyRoute.useSearch();
  const navigate = hierarchyRoute.useNavigate();
  const hierarchy = useQuery(trpc.org.hierarchy.queryOptions({ orgId }));
  const { data: myOrgs = [] } = useQuery(trpc.org.list.queryOptions());
  const [dialog, setDialog] = useState<{ action: OrgAction; nodeId: string } | null>(null);

  const nodes = useMemo(() => hierarchy.data ?? [], [hierarchy.data]);
  const data = useMemo(() => toTree(nodes, orgId), [nodes, orgId]);
  // Every organization shows expanded (new children too) unless the admin collapsed it.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const tree = useTree({
    expandedState: Object.fromEntries(nodes.map((n) => [n.id, !collapsed.has(n.id)])),
    onExpandedStateChange: (state) => setCollapsed(new Set(Object.keys(state).filter((id) => !state[id]))),
  });
  const current = nodes.find((n) => n.id === (selected ?? orgId)) ?? nodes[0];
  const accessHere = useMyAccess(current?.id ?? orgId);

  if (hierarchy.isPending) return <Loader aria-label="Loading hierarchy" />;
  if (hierarchy.isError) return <Alert color="red" title="Could not load the organization">{errorMessage(hierarchy.error)}</Alert>;

  const dialogNode = dialog ? nodes.find((n) => n.id === dialog.nodeId) : undefined;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Organization hierarchy"
        description={<>{formatCount(nodes.length, "organization")} in this tree · up to {MAX_DEPTH} levels</>}
      />
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
                const archived = info.status === "archived";
                return (
                  <Group
                    {...elementProps}
                    gap="xs"
                    py={6}
                    px="xs"
                    wrap="nowrap"
                    bg={info.id === current?.id ? "var(--mantine-primary-color-0)" : undefined}
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
                    <Text size="sm" fw={500} c={archived ? "dimmed" : undefined}>{node.label}</Text>
                    {archived && <Badge size="xs" color="gray" variant="light">Archived</Badge>}
                    <Text size="xs" c="dimmed">{formatCount(info.memberCount, "member")}</Text>
                  </Group>
                );
              }}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {current && (
            <OrgDetails node={current} role={myOrgs.find((o) => o.id === current.id)?.role}>
              <OrgActions node={current} access={accessHere} onAction={(action) => setDialog({ action, nodeId: current.id })} />
            </OrgDetails>
          )}
        </Grid.Col>
      </Grid>
      {dialog?.action === "create_child" && dialogNode && (
        <CreateChildModal
          parent={dialogNode}
          onClose={() => setDialog(null)}
          onCreated={(child) => {
            setDialog(null);
            void navigate({ search: { selected: child.id } });
          }}
        />
      )}
      {dialog?.action === "move" && dialogNode && <MoveOrgModal node={dialogNode} onClose={() => setDialog(null)} />}
      {(dialog?.action === "archive" || dialog?.action === "restore") && dialogNode && (
        <ArchiveOrgModal
          node={dialogNode}
          action={dialog.action}
          beneath={subtreeOf(nodes, dialogNode.id).length - 1}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
