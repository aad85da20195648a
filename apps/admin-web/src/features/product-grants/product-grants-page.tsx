import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { ConfirmModal } from "../../lib/confirm-modal.tsx";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { GrantProductAccessModal } from "./grant-product-access-modal.tsx";
import type { ProductGrant } from "./types.ts";

const route = getRouteApi("/app/orgs/$orgId/product-access");
const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.productGrants.list.queryKey() });

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
  const [revoking, setRevoking] = useState<ProductGrant | null>(null);
  const revoke = useMutation(
    trpc.workspaces.revokeGrant.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: `${revoking?.subjectName} no longer has access through this grant.` });
        setRevoking(null);
      },
    }),
  );
  const canRevoke = access.can("grants:revoke");

  if (grants.isPending) return <Loader aria-label="Loading product access grants" />;
  if (grants.isError) return <Alert color="red" role="alert" title="Could not load product access">{errorMessage(grants.error)}</Alert>;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Product access</Title>
          <Text c="dimmed">Give a member or a group a product's permissions on one of its resources, such as sharing one note.</Text>
        </div>
        {access.can("grants:create") && <Button onClick={() => setGranting(true)}>Grant product access</Button>}
      </Group>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760} type="native">
          <Table verticalSpacing="xs" aria-label="Product access grants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Resource</Table.Th>
                <Table.Th>Granted to</Table.Th>
                <Table.Th>Permissions</Table.Th>
                <Table.Th>Expires</Table.Th>
                {canRevoke && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {grants.data.length === 0 && <EmptyRow colSpan={canRevoke ? 5 : 4}>No one has been given access to a product resource.</EmptyRow>}
              {grants.data.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">{g.resourceType}</Text>
                    <Text size="xs" c="dimmed" ff="monospace" truncate maw={260}>{g.resourceId}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" truncate maw={220}>{g.subjectName}</Text>
                      <Badge size="xs" variant="outline" color={g.subjectType === "group" ? "grape" : "gray"}>{g.subjectType === "group" ? "Group" : "User"}</Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>{g.permissions.map((p) => <Code key={p}>{p}</Code>)}</Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={g.expiresAt && g.expiresAt <= new Date() ? "red.8" : undefined}>{g.expiresAt ? g.expiresAt.toLocaleDateString() : "Never"}</Text>
                  </Table.Td>
                  {canRevoke && (
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke ${g.subjectName}'s access to ${g.resourceType} ${g.resourceId}`} onClick={() => setRevoking(g)}>
                        Revoke
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {granting && <GrantProductAccessModal orgId={orgId} onClose={() => setGranting(false)} onGranted={refresh} />}
      {revoking && (
        <ConfirmModal
          title={`Revoke ${revoking.subjectName}'s product access?`}
          confirmLabel="Revoke access"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ orgId, grantId: revoking.id })}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        >
          {`${revoking.subjectName} keeps what roles and other grants give, but loses ${revoking.permissions.join(", ")} on ${revoking.resourceType} ${revoking.resourceId}.`}
        </ConfirmModal>
      )}
    </Stack>
  );
}
