import { errorMessage, formatCount } from "@atrium/ui";
import { Alert, Button, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { CreateWorkspaceModal } from "./create-workspace-modal.tsx";
import { WorkspacesTable } from "./workspaces-table.tsx";

/** The workspaces the user can see, and a way to create one. */
export function WorkspacesList({ orgId, onOpen }: { orgId: string; onOpen(workspaceId: string): void }) {
  const access = useMyAccess(orgId);
  const workspaces = useQuery(trpc.workspaces.list.queryOptions({ orgId }));
  const [creating, setCreating] = useState(false);

  if (workspaces.isPending) return <Loader aria-label="Loading workspaces" />;
  if (workspaces.isError) return <Alert color="red" role="alert" title="Could not load workspaces">{errorMessage(workspaces.error)}</Alert>;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {formatCount(workspaces.data.length, "workspace")} you can see
        </Text>
        {access.can("workspaces:create") && <Button onClick={() => setCreating(true)}>New workspace</Button>}
      </Group>
      <Paper withBorder>
        <WorkspacesTable rows={workspaces.data} onOpen={onOpen} />
      </Paper>
      {creating && (
        <CreateWorkspaceModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onOpen(id);
          }}
        />
      )}
    </Stack>
  );
}
