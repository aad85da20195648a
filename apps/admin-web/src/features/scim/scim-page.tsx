import { errorMessage, PageHeader } from "@atrium/ui";
import { Alert, Loader, Paper, Stack, Tabs, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { GroupsCard } from "./groups-card.tsx";
import { ScimGuides } from "./guides.tsx";
import { ProvisionedUsersCard } from "./provisioned-users-card.tsx";
import { RequestsCard } from "./requests-card.tsx";
import type { TScimSearch } from "./search.ts";
import { StatusCard } from "./status-card.tsx";
import { TokensCard } from "./tokens-card.tsx";
import { getRouteApi } from "@tanstack/react-router";

const scimRoute = getRouteApi("/app/orgs/$orgId/scim");

/** SCIM provisioning: connection and tokens, setup guides, sync status, request log, provisioned users and groups. */
export function ScimPage() {
  const { orgId } = scimRoute.useParams();
  const search = scimRoute.useSearch();
  const navigate = scimRoute.useNavigate();
  const access = useMyAccess(orgId);
  const overview = useQuery({ ...trpc.scim.overview.queryOptions({ orgId }), refetchInterval: 10_000 });
  const set = (next: Partial<TScimSearch>) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });
  const tab = search.tab ?? "setup";

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title="SCIM provisioning"
        description="Your identity provider creates, updates and deactivates members here. Deactivated people lose access within seconds: their sessions and API keys are revoked."
      />
      {(overview.isPending || access.isPending) && <Loader aria-label="Loading SCIM" />}
      {overview.isError && <Alert color="red" role="alert" title="Could not load SCIM">{errorMessage(overview.error)}</Alert>}
      {overview.data && (
        <Tabs value={tab} onChange={(v) => v && set({ tab: v as TScimSearch["tab"] })} keepMounted={false}>
          <Tabs.List aria-label="SCIM sections">
            <Tabs.Tab value="setup">Setup</Tabs.Tab>
            <Tabs.Tab value="status">Sync status</Tabs.Tab>
            {access.can("scim:read_sync_log") && <Tabs.Tab value="requests">Requests</Tabs.Tab>}
            <Tabs.Tab value="users">Users</Tabs.Tab>
            <Tabs.Tab value="groups">Groups and roles</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="setup" pt="md">
            <Stack gap="lg">
              <TokensCard orgId={orgId} baseUrl={overview.data.baseUrl} canCreate={access.can("scim:create_token")} canRevoke={access.can("scim:revoke_token")} />
              <Paper withBorder p="lg" component="section" aria-label="Setup guides">
                <Title order={2} size="h4" mb="sm">Setup guides</Title>
                <ScimGuides baseUrl={overview.data.baseUrl} guide={search.guide ?? "okta"} onGuide={(guide) => set({ guide })} />
              </Paper>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="status" pt="md">
            <StatusCard orgId={orgId} overview={overview.data} canSync={access.can("scim:trigger_sync")} />
          </Tabs.Panel>
          <Tabs.Panel value="requests" pt="md">
            <RequestsCard orgId={orgId} errorsOnly={search.errors ?? false} onErrorsOnly={(errors) => set({ errors: errors || undefined })} />
          </Tabs.Panel>
          <Tabs.Panel value="users" pt="md">
            <ProvisionedUsersCard
              orgId={orgId}
              q={search.q ?? ""}
              page={search.page ?? 1}
              unlinkedOnly={search.link === "unlinked"}
              canManage={access.can("scim:manage_group_mappings")}
              onChange={(next) =>
                set({
                  q: next.q === "" ? undefined : (next.q ?? search.q),
                  page: next.page,
                  ...(next.unlinked !== undefined ? { link: next.unlinked ? "unlinked" : undefined } : {}),
                })
              }
            />
          </Tabs.Panel>
          <Tabs.Panel value="groups" pt="md">
            <GroupsCard orgId={orgId} defaultRole={overview.data.defaultRole} canManage={access.can("scim:manage_group_mappings")} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
