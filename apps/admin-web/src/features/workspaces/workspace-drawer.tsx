import { Badge, Divider, Drawer, Group, Loader, Stack, Text } from "@mantine/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { GrantsSection } from "./grants-section.tsx";
import { OpenCheck } from "./open-check.tsx";
import { WorkspaceForm } from "./workspace-form.tsx";

/** One workspace: whether (and why) the user can open it, its settings, and who has been given access. */
export function WorkspaceDrawer({ orgId, workspaceId, onClose }: { orgId: string; workspaceId: string | null; onClose(): void }) {
  const access = useMyAccess(orgId);
  const workspaces = useQuery(trpc.workspaces.list.queryOptions(workspaceId ? { orgId } : skipToken));
  const workspace = workspaces.data?.find((w) => w.id === workspaceId);

  return (
    <Drawer opened={workspaceId !== null} onClose={onClose} position="right" size="lg" title={workspace?.name ?? "Workspace"}>
      {workspaces.isPending && workspaceId && <Loader size="sm" aria-label="Loading the workspace" />}
      {workspaces.data && !workspace && <Text c="dimmed">This workspace does not exist, or you cannot see it.</Text>}
      {workspace && (
        <Stack gap="lg">
          <Group gap="xs">
            <Badge variant="light" color={workspace.visibility === "private" ? "grape" : "teal"}>
              {workspace.visibility === "private" ? "Private" : "Organization"}
            </Badge>
            {workspace.archived && <Badge color="gray">Archived</Badge>}
          </Group>
          {workspace.description && <Text size="sm">{workspace.description}</Text>}
          <OpenCheck key={workspace.id} orgId={orgId} workspace={workspace} />
          {access.can("workspaces:update") && (
            <>
              <Divider />
              <WorkspaceForm key={`${workspace.id}-${workspaces.dataUpdatedAt}`} orgId={orgId} workspace={workspace} />
            </>
          )}
          {access.can("grants:read") && (
            <>
              <Divider />
              <GrantsSection orgId={orgId} workspace={workspace} />
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
