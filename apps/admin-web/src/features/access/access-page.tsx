import { describePermission, PERMISSION_CATEGORIES, PERMISSIONS, type Permission } from "@atrium/rbac";
import { errorMessage, PageHeader } from "@atrium/ui";
import { Alert, Code, Grid, Loader, Paper, Select, Stack, Text } from "@mantine/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { ExplainResult } from "./explain-result.tsx";

const accessRoute = getRouteApi("/app/orgs/$orgId/access");

const PERMISSION_OPTIONS = Object.entries(PERMISSION_CATEGORIES).map(([category, label]) => ({
  group: label,
  items: PERMISSIONS.filter((p) => p.category === category).map((p) => ({ value: p.name, label: p.name })),
}));

/** The largest page the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;

/** "Explain access": why a member may or may not do something here, in the decision's own words. */
export function AccessPage() {
  const { orgId } = accessRoute.useParams();
  const { userId, permission } = accessRoute.useSearch();
  const navigate = accessRoute.useNavigate();
  const members = useQuery(trpc.members.list.queryOptions({ orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name" }));
  const explain = useQuery(trpc.access.explain.queryOptions(userId && permission ? { orgId, userId, permission } : skipToken));
  const member = members.data?.rows.find((m) => m.userId === userId);

  const choose = (patch: { userId?: string | undefined; permission?: Permission | undefined }) =>
    navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <Stack gap="lg">
      <PageHeader
        title="Explain access"
        description="Pick a member and a permission to see whether they hold it here, and which role, grant or condition decides."
      />
      {members.isError && <Alert color="red" role="alert" title="Could not load members">{errorMessage(members.error)}</Alert>}
      <Paper withBorder p="lg">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Select
              label="Member"
              placeholder={members.isPending ? "Loading members…" : "Search by name or e-mail"}
              searchable
              clearable
              nothingFoundMessage="No member matches"
              value={userId ?? null}
              data={(members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
              onChange={(value) => choose({ userId: value ?? undefined })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Select
              label="Permission"
              placeholder="Search the catalog, e.g. members:read"
              searchable
              clearable
              nothingFoundMessage="No permission matches"
              maxDropdownHeight={320}
              value={permission ?? null}
              data={PERMISSION_OPTIONS}
              onChange={(value) => choose({ permission: (value ?? undefined) as Permission | undefined })}
            />
          </Grid.Col>
        </Grid>
        {permission && (
          <Text size="sm" c="dimmed" mt="sm">
            <Code>{permission}</Code> — {describePermission(permission).description}
          </Text>
        )}
      </Paper>
      {explain.isFetching && !explain.data && <Loader size="sm" aria-label="Explaining" />}
      {explain.isError && <Alert color="red" role="alert">{errorMessage(explain.error)}</Alert>}
      {explain.data && userId && permission && (
        <ExplainResult decision={explain.data} memberName={member?.name ?? "This member"} permission={permission} />
      )}
      {!userId || !permission ? <Text size="sm" c="dimmed">Choose both a member and a permission.</Text> : null}
    </Stack>
  );
}
