import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Code, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { GrantAccessModal } from "./grant-access-modal.tsx";
import { shortPermission, type Grant, type Workspace } from "./types.ts";

const refreshGrants = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.grants.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.open.queryKey() }),
  ]);

/** Who has been given access to the workspace (people and groups), with what and until when. */
export function GrantsSection({ orgId, workspace }: { orgId: string; workspace: Workspace }) {
  const access = useMyAccess(orgId);
  const grants = useQuery(trpc.workspaces.grants.queryOptions({ orgId, workspaceId: workspace.id }));
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const revoke = useMutation(
    trpc.workspaces.revokeGrant.mutationOptions({
      onSuccess: async () => {
        await refreshGrants();
        notifications.show({ color: "green", message: `${revoking?.subjectName} no longer has access through this grant.` });
        setRevoking(null);
      },
    }),
  );
  const canGrant = access.can("grants:create") && access.can("workspaces:manage_access");

  return (
    <Stack gap="sm" component="section" aria-label="Access grants">
      <Group justify="space-between">
        <Title order={3} size="h5">Access grants</Title>
        {canGrant && <Button size="xs" onClick={() => setGranting(true)}>Grant access</Button>}
      </Group>
      {grants.isPending && <Loader size="sm" aria-label="Loading grants" />}
      {grants.isError && <Alert color="red" role="alert">{errorMessage(grants.error)}</Alert>}
      {grants.data && (
        <Table verticalSpacing="xs" aria-label={`Access grants on ${workspace.name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Granted to</Table.Th>
              <Table.Th>Permissions</Table.Th>
              <Table.Th>Expires</Table.Th>
              {access.can("grants:revoke") && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}><Text size="sm" c="dimmed">No one has been given access directly.</Text></Table.Td>
              </Table.Tr>
            )}
            {grants.data.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{g.subjectName}</Text>
                    <Badge size="xs" variant="outline" color={g.subjectType === "group" ? "grape" : "gray"}>{g.subjectType === "group" ? "Group" : "User"}</Badge>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>{g.permissions.map((p) => <Code key={p}>{shortPermission(p)}</Code>)}</Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={g.expiresAt && g.expiresAt <= new Date() ? "red.8" : undefined}>
                    {g.expiresAt ? g.expiresAt.toLocaleDateString() : "Never"}
                  </Text>
                </Table.Td>
                {access.can("grants:revoke") && (
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke access of ${g.subjectName}`} onClick={() => setRevoking(g)}>
                      Revoke
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {granting && <GrantAccessModal orgId={orgId} workspace={workspace} onClose={() => setGranting(false)} onGranted={refreshGrants} />}
      {revoking && (
        <ConfirmModal
          title={`Revoke ${revoking.subjectName}'s access?`}
          confirmLabel="Revoke access"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ orgId, grantId: revoking.id })}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        >
          {`${revoking.subjectName} keeps any access a role or another grant gives, but loses what this grant gave on ${workspace.name}.`}
        </ConfirmModal>
      )}
    </Stack>
  );
}
