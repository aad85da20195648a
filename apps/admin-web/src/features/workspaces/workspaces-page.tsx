import { PageHeader } from "@atrium/ui";
import { Stack, Tabs } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useOrgPage } from "../access/use-org-page.ts";
import { GroupsList } from "../groups/groups-list.tsx";
import { WorkspaceDrawer } from "./workspace-drawer.tsx";
import { WorkspacesList } from "./workspaces-list.tsx";

const workspacesRoute = getRouteApi("/app/orgs/$orgId/workspaces");

/** Workspaces (team spaces, some private, reached through grants) and the groups grants can name. */
export function WorkspacesPage() {
  const { orgId, search, access, setSearch } = useOrgPage(workspacesRoute);
  const tab = search.tab === "groups" && access.can("members:read") ? "groups" : "workspaces";

  return (
    <Stack gap="lg">
      <PageHeader
        title="Workspaces"
        description="Organization workspaces are open to everyone here; private ones only to the people and groups given access."
      />
      <Tabs value={tab} keepMounted={false} onChange={(value) => setSearch({ tab: value === "groups" ? "groups" : undefined }, { replace: false })}>
        <Tabs.List>
          <Tabs.Tab value="workspaces">Workspaces</Tabs.Tab>
          {access.can("members:read") && <Tabs.Tab value="groups">Groups</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="workspaces" pt="md">
          <WorkspacesList orgId={orgId} onOpen={(id) => setSearch({ workspace: id }, { replace: false })} />
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupsList orgId={orgId} />
        </Tabs.Panel>
      </Tabs>
      <WorkspaceDrawer
        orgId={orgId}
        workspaceId={search.workspace ?? null}
        onClose={() => setSearch({ workspace: undefined }, { replace: false })}
      />
    </Stack>
  );
}
