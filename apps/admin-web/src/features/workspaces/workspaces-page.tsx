import { PageHeader } from "@atrium/ui";
import { Stack, Tabs } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useMyAccess } from "../access/use-my-access.ts";
import { GroupsList } from "../groups/groups-list.tsx";
import { WorkspaceDrawer } from "./workspace-drawer.tsx";
import { WorkspacesList } from "./workspaces-list.tsx";

const workspacesRoute = getRouteApi("/app/orgs/$orgId/workspaces");

/** Workspaces (team spaces, some private, reached through grants) and the groups grants can name. */
export function WorkspacesPage() {
  const { orgId } = workspacesRoute.useParams();
  const search = workspacesRoute.useSearch();
  const navigate = workspacesRoute.useNavigate();
  const access = useMyAccess(orgId);
  const tab = search.tab === "groups" && access.can("members:read") ? "groups" : "workspaces";

  return (
    <Stack gap="lg">
      <PageHeader
        title="Workspaces"
        description="Organization workspaces are open to everyone here; private ones only to the people and groups given access."
      />
      <Tabs value={tab} keepMounted={false} onChange={(value) => navigate({ search: (prev) => ({ ...prev, tab: value === "groups" ? "groups" : undefined }) })}>
        <Tabs.List>
          <Tabs.Tab value="workspaces">Workspaces</Tabs.Tab>
          {access.can("members:read") && <Tabs.Tab value="groups">Groups</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="workspaces" pt="md">
          <WorkspacesList orgId={orgId} onOpen={(id) => navigate({ search: (prev) => ({ ...prev, workspace: id }) })} />
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupsList orgId={orgId} />
        </Tabs.Panel>
      </Tabs>
      <WorkspaceDrawer
        orgId={orgId}
        workspaceId={search.workspace ?? null}
        onClose={() => navigate({ search: (prev) => ({ ...prev, workspace: undefined }) })}
      />
    </Stack>
  );
}
