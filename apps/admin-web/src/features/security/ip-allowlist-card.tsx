import { errorMessage, SectionCard } from "@atrium/ui";
import { Alert, Code, Loader, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { IpAllowlistEditor } from "./ip-allowlist-editor.tsx";

/** The IP allowlist and the caller's own address, so they can tell whether a list includes them. */
export function IpAllowlistCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const allowlist = useQuery(trpc.settings.ipAllowlist.queryOptions({ orgId }));
  return (
    <SectionCard
      title="IP allowlist"
      description="With at least one range, every request to this organization — people and API keys — must come from one of them. With none, any address is accepted."
      actions={
        allowlist.data && (
          <Text size="sm" style={{ whiteSpace: "nowrap" }}>
            Your address: <Code>{allowlist.data.yourIp ?? "unknown"}</Code>
          </Text>
        )
      }
    >
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
    </SectionCard>
  );
}
