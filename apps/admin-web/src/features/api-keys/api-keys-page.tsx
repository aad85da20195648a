import { errorMessage, PageHeader, SecretModal } from "@atrium/ui";
import { Alert, Button, Loader, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { ApiKeyActionModal, type ApiKeyAction } from "./api-key-action-modal.tsx";
import { ApiKeysTable } from "./api-keys-table.tsx";
import { CreateApiKeyModal } from "./create-api-key-modal.tsx";
import type { ApiKey, NewSecret } from "./types.ts";
import { getRouteApi } from "@tanstack/react-router";

const apiKeysRoute = getRouteApi("/app/orgs/$orgId/api-keys");

/** The organization's API keys; a new or rotated key's secret is shown once, then only its prefix. */
export function ApiKeysPage() {
  const { orgId } = apiKeysRoute.useParams();
  const access = useMyAccess(orgId);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ orgId }));
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<{ key: ApiKey; action: ApiKeyAction } | null>(null);
  const [secret, setSecret] = useState<NewSecret | null>(null);

  if (keys.isPending) return <Loader aria-label="Loading API keys" />;
  if (keys.isError) return <Alert color="red" role="alert" title="Could not load API keys">{errorMessage(keys.error)}</Alert>;

  return (
    <Stack gap="lg">
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let other systems call Atrium as this organization, with only the permissions you give them. Send one as{" "}
            <Text span ff="monospace" size="sm">Authorization: Bearer atr_…</Text>
          </>
        }
        actions={access.can("api_keys:create") && <Button onClick={() => setCreating(true)}>Create API key</Button>}
      />
      <Paper withBorder>
        <ApiKeysTable rows={keys.data} access={access} onAction={(key, action) => setActing({ key, action })} />
      </Paper>
      {creating && (
        <CreateApiKeyModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret(created);
          }}
        />
      )}
      {acting && (
        <ApiKeyActionModal
          orgId={orgId}
          apiKey={acting.key}
          action={acting.action}
          onClose={() => setActing(null)}
          onRotated={(rotated) => {
            setActing(null);
            setSecret(rotated);
          }}
        />
      )}
      {secret && (
        <SecretModal
          title={secret.rotated ? `New secret for ${secret.name}` : `${secret.name} is ready`}
          secret={secret.token}
          note={secret.rotated ? "The previous secret no longer works." : undefined}
          ifLost="rotate the key to get a new one"
          onClose={() => setSecret(null)}
        />
      )}
    </Stack>
  );
}
