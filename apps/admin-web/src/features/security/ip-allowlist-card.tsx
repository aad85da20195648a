import { errorMessage } from "@atrium/ui";
import { Alert, Code, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { IpAllowlistEditor } from "./ip-allowlist-editor.tsx";

/** The IP allowlist and the caller's own address, so they can tell whether a list includes them. */
export function IpAllowlistCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const allowlist = useQuery(trpc.settings.ipAllowlist.queryOptions({ orgId }));
  return (
    <Paper withBorder p="lg" component="section" aria-label="IP allowlist">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4">IP allowlist</Title>
            <Text size="sm" c="dimmed">
              With at least one range, every request to this organization — people and API keys — must come from one of them.
              With none, any address is accepted.
            </Text>
          </div>
          {allowlist.data && (
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              Your address: <Code>{allowlist.data.yourIp ?? "unknown"}</Code>
            </Text>
          )}
        </Group>
        {allowlist.isPending && <Loader size="sm" aria-label="Loading the allowlist" />}
        {allowlist.isError && <Alert color="red" role="alert">{errorMessage(allowlist.error)}</Alert>}
        {allowlist.data && (
          <IpAllowlistEditor
            key={allowlist.dataUpdatedAt}
            orgId={orgId}
            entries={allowlist.data.entries}
            yourIp={allowlist.data.yourIp}
            canEdit={canEdit}
          />
        )}
      </Stack>
    </Paper>
  );
}
