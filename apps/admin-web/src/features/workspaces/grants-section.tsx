import { DataTable, formatDate, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Code, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { useRevokeGrant } from "../grants/use-revoke-grant.tsx";
import { GrantAccessModal } from "./grant-access-modal.tsx";
import { shortPermission, type Grant, type Workspace } from "./types.ts";

const refreshGrants = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.grants.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.workspaces.open.queryKey() }),
  ]);

const COLUMNS: DataColumn<Grant>[] = [
  {
    id: "subject",
    header: "Granted to",
    width: "32%",
    cell: (g) => (
      <Group gap={6} wrap="nowrap">
        <TruncatedText text={g.subjectName} />
        <Badge size="xs" variant="outline" color={g.subjectType === "group" ? "grape" : "gray"} style={{ flexShrink: 0 }}>
          {g.subjectType === "group" ? "Group" : "User"}
        </Badge>
      </Group>
    ),
  },
  { id: "permissions", header: "Permissions", cell: (g) => <Group gap={4}>{g.permissions.map((p) => <Code key={p}>{shortPermission(p)}</Code>)}</Group> },
  {
    id: "expires",
    header: "Expires",
    width: "18%",
    cell: (g) => (
      <Text size="sm" c={g.expiresAt && g.expiresAt <= new Date() ? "red.8" : undefined}>
        {g.expiresAt ? formatDate(g.expiresAt) : "Never"}
      </Text>
    ),
  },
];

/** Who has been given access to the workspace (people and groups), with what and until when. */
export function GrantsSection({ orgId, workspace }: { orgId: string; workspace: Workspace }) {
  const access = useMyAccess(orgId);
  const grants = useQuery(trpc.workspaces.grants.queryOptions({ orgId, workspaceId: workspace.id }));
  const [granting, setGranting] = useState(false);
  const { ask: askRevoke, confirmation } = useRevokeGrant<Grant>(orgId, refreshGrants, {
    title: (g) => `Revoke ${g.subjectName}'s access?`,
    body: (g) => `${g.subjectName} keeps any access a role or another grant gives, but loses what this grant gave on ${workspace.name}.`,
  });
  const canGrant = access.can("grants:create") && access.can("workspaces:manage_access");

  return (
    <Stack gap="sm" component="section" aria-label="Access grants">
      <Group justify="space-between">
        <Title order={3} size="h5">Access grants</Title>
        {canGrant && <Button size="xs" onClick={() => setGranting(true)}>Grant access</Button>}
      </Group>
      <DataTable
        label={`Access grants on ${workspace.name}`}
        columns={COLUMNS}
        query={grants}
        empty="No one has been given access directly."
        rowActions={
          access.can("grants:revoke")
            ? (g) => (
                <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke access of ${g.subjectName}`} onClick={() => askRevoke(g)}>
                  Revoke
                </Button>
              )
            : undefined
        }
        actionsWidth={88}
      />
      {granting && <GrantAccessModal orgId={orgId} workspace={workspace} onClose={() => setGranting(false)} onGranted={refreshGrants} />}
      {confirmation}
    </Stack>
  );
}
