import { DataTable, formatDate, PageHeader, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Code, Group, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { useRevokeGrant } from "../grants/use-revoke-grant.tsx";
import { GrantProductAccessModal } from "./grant-product-access-modal.tsx";
import type { ProductGrant } from "./types.ts";

const route = getRouteApi("/app/orgs/$orgId/product-access");
const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.productGrants.list.queryKey() });

const COLUMNS: DataColumn<ProductGrant>[] = [
  {
    id: "resource",
    header: "Resource",
    width: "28%",
    value: (g) => `${g.resourceType} ${g.resourceId}`,
    cell: (g) => (
      <Stack gap={0}>
        <TruncatedText text={g.resourceType} ff="monospace" />
        <TruncatedText text={g.resourceId} ff="monospace" size="xs" c="dimmed" />
      </Stack>
    ),
  },
  {
    id: "subject",
    header: "Granted to",
    width: "24%",
    sortable: true,
    value: (g) => g.subjectName,
    cell: (g) => (
      <Group gap={6} wrap="nowrap">
        <TruncatedText text={g.subjectName} />
        <Badge size="xs" variant="outline" color={g.subjectType === "group" ? "grape" : "gray"} style={{ flexShrink: 0 }}>{g.subjectType === "group" ? "Group" : "User"}</Badge>
      </Group>
    ),
  },
  { id: "permissions", header: "Permissions", cell: (g) => <Group gap={4}>{g.permissions.map((p) => <Code key={p}>{p}</Code>)}</Group> },
  {
    id: "expires",
    header: "Expires",
    width: 120,
    sortable: true,
    value: (g) => g.expiresAt,
    cell: (g) => <Text size="sm" c={g.expiresAt && g.expiresAt <= new Date() ? "red.8" : undefined}>{g.expiresAt ? formatDate(g.expiresAt) : "Never"}</Text>,
  },
];

/**
 * Grants on the vendor's products' own resources (a note of the Notes product,
 * …): a member or group given product permissions on one resource. The
 * product asks /v1/authorize with that resource and gets "granted".
 */
export function ProductGrantsPage() {
  const { orgId } = route.useParams();
  const access = useMyAccess(orgId);
  const grants = useQuery(trpc.productGrants.list.queryOptions({ orgId }));
  const [granting, setGranting] = useState(false);
  const { ask: askRevoke, confirmation } = useRevokeGrant<ProductGrant>(orgId, refresh, {
    title: (g) => `Revoke ${g.subjectName}'s product access?`,
    body: (g) => `${g.subjectName} keeps what roles and other grants give, but loses ${g.permissions.join(", ")} on ${g.resourceType} ${g.resourceId}.`,
  });
  const canRevoke = access.can("grants:revoke");

  return (
    <Stack gap="lg">
      <PageHeader
        title="Product access"
        description="Give a member or a group a product's permissions on one of its resources, such as sharing one note."
        actions={access.can("grants:create") && <Button onClick={() => setGranting(true)}>Grant product access</Button>}
      />
      <Paper withBorder>
        <DataTable
          label="Product access grants"
          urlKey="grants"
          columns={COLUMNS}
          query={grants}
          loading={grants.isPending}
          empty="No one has been given access to a product resource."
          actionsWidth={100}
          rowActions={
            canRevoke
              ? (g) => (
                  <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke ${g.subjectName}'s access to ${g.resourceType} ${g.resourceId}`} onClick={() => askRevoke(g)}>
                    Revoke
                  </Button>
                )
              : undefined
          }
        />
      </Paper>
      {granting && <GrantProductAccessModal orgId={orgId} onClose={() => setGranting(false)} onGranted={refresh} />}
      {confirmation}
    </Stack>
  );
}
