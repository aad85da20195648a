import { errorMessage } from "@atrium/ui";
import { Alert, Button, Stack, Text } from "@mantine/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { withNames } from "./reason.ts";
import type { Workspace } from "./types.ts";
import { getRouteApi } from "@tanstack/react-router";

const appRoute = getRouteApi("/app");

/** Opens the workspace as the user, and shows the decision's reason: which role or grant lets them in, or the refusal. */
export function OpenCheck({ orgId, workspace }: { orgId: string; workspace: Workspace }) {
  const { user } = appRoute.useRouteContext();
  const [asked, setAsked] = useState(false);
  const opened = useQuery({
    ...trpc.workspaces.open.queryOptions(asked ? { orgId, workspaceId: workspace.id } : skipToken),
    staleTime: 0,
  });
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const names = new Map<string, string>([
    [workspace.id, `"${workspace.name}"`],
    [user.id, `${user.name} (you)`],
    ...orgs.map((o) => [o.id, o.name] as const),
  ]);

  return (
    <Stack gap="xs" component="section" aria-label="Open workspace">
      <Text size="sm" c="dimmed">Check whether you can open this workspace, and why.</Text>
      <Button
        variant="light"
        w="fit-content"
        loading={opened.isFetching}
        onClick={() => (asked ? void opened.refetch() : setAsked(true))}
      >
        Open workspace
      </Button>
      <div aria-live="polite">
        {opened.data && (
          <Alert color="green" variant="light" title={`You can open ${workspace.name}`}>
            <Text size="sm"><Text span fw={600}>Why: </Text>{withNames(opened.data.reason, names)}</Text>
            <Text size="sm" mt={4}>{opened.data.canUpdate ? "You can also edit its content." : "You can read but not edit its content."}</Text>
          </Alert>
        )}
        {opened.isError && (
          <Alert color="red" variant="light" role="alert" title={`You cannot open ${workspace.name}`}>
            {errorMessage(opened.error)}
          </Alert>
        )}
      </div>
    </Stack>
  );
}
