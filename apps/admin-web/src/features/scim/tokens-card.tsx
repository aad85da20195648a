import { ConfirmModal, type DataColumn, DataTable, formatDate, formatDateTime, SectionCard, TruncatedText } from "@atrium/ui";
import { Alert, Badge, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { CreateTokenModal } from "./create-token-modal.tsx";
import type { ScimToken } from "./types.ts";

interface Secret {
  name: string;
  token: string;
  rotated: boolean;
}

/** Revoked tokens stay listed, greyed, as a record. */
const dimmed = (t: ScimToken) => (t.revokedAt ? "dimmed" : undefined);
const lastUsed = (t: ScimToken) => (t.lastUsedAt ? `${formatDateTime(t.lastUsedAt)}${t.lastUsedIp ? ` from ${t.lastUsedIp}` : ""}` : "Never");

const COLUMNS: DataColumn<ScimToken>[] = [
  { id: "name", header: "Name", width: "20%", cell: (t) => <TruncatedText text={t.name} c={dimmed(t)} /> },
  { id: "prefix", header: "Prefix", width: "16%", cell: (t) => <TruncatedText text={t.prefix} ff="monospace" c={dimmed(t)} /> },
  { id: "lastUsed", header: "Last used", cell: (t) => <TruncatedText text={lastUsed(t)} c={dimmed(t)} /> },
  { id: "expires", header: "Expires", width: "14%", cell: (t) => <TruncatedText text={t.expiresAt ? formatDate(t.expiresAt) : "Never"} c={dimmed(t)} /> },
  {
    id: "status",
    header: "Status",
    width: "12%",
    cell: (t) => (t.revokedAt ? <Badge color="gray" variant="light">Revoked</Badge> : <Badge color="green" variant="light">Active</Badge>),
  },
];

function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-end">
      <TextInput label={label} readOnly value={value} style={{ flex: 1 }} styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant={copied ? "light" : "default"} color={copied ? "green" : undefined} onClick={copy} aria-label={`Copy the ${label.toLowerCase()}`}>
            {copied ? "Copied" : "Copy"}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** The base URL and the organization's SCIM tokens; a new or rotated token's secret is shown once. */
export function TokensCard({ orgId, baseUrl, canCreate, canRevoke }: { orgId: string; baseUrl: string; canCreate: boolean; canRevoke: boolean }) {
  const tokens = useQuery(trpc.scim.tokens.queryOptions({ orgId }));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.scim.tokens.queryKey() });
  const rotate = useMutation(trpc.scim.rotateToken.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(
    trpc.scim.revokeToken.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: `Token "${revoking?.name ?? ""}" revoked.` });
        setRevoking(null);
      },
    }),
  );

  return (
    <SectionCard
      title="Connection"
      description="Give your identity provider the base URL and a token. Tokens act only on this organization."
      actions={canCreate && <Button onClick={() => setCreating(true)}>Create SCIM token</Button>}
    >
      <CopyField label="SCIM base URL" value={baseUrl} />
      <DataTable
        label="SCIM tokens"
        columns={COLUMNS}
        query={tokens}
        empty="No tokens yet: create one to connect your identity provider."
        actionsWidth={160}
        rowActions={(t) =>
          !t.revokedAt && (
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              {canCreate && (
                <Button
                  size="compact-sm"
                  variant="light"
                  aria-label={`Rotate ${t.name}`}
                  loading={rotate.isPending && rotate.variables?.tokenId === t.id}
                  onClick={() => rotate.mutate({ orgId, tokenId: t.id }, { onSuccess: (r) => setSecret({ name: t.name, token: r.token, rotated: true }) })}
                >
                  Rotate
                </Button>
              )}
              {canRevoke && (
                <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking({ id: t.id, name: t.name })}>Revoke</Button>
              )}
            </Group>
          )
        }
      />
      {creating && (
        <CreateTokenModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onCreated={(name, token) => {
            setCreating(false);
            setSecret({ name, token, rotated: false });
          }}
        />
      )}
      {secret && (
        <Modal opened onClose={() => setSecret(null)} title={secret.rotated ? `New secret for ${secret.name}` : `${secret.name} is ready`} size="lg" centered closeOnClickOutside={false}>
          <Stack>
            <Alert color="orange" variant="light" title="Copy the token now: it is shown only once">
              Atrium stores only a hash of it. If it is lost, rotate the token to get a new one.
            </Alert>
            <CopyField label="SCIM token" value={secret.token} />
            {secret.rotated && <Text size="sm">The previous secret no longer works: update your identity provider.</Text>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSecret(null)}>I have stored the token</Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {revoking && (
        <ConfirmModal
          title={`Revoke "${revoking.name}"?`}
          confirmLabel="Revoke token"
          mutation={revoke}
          onConfirm={() => revoke.mutate({ orgId, tokenId: revoking.id })}
          onClose={() => setRevoking(null)}
        >
          The identity provider using this token can no longer provision until it gets a new one.
        </ConfirmModal>
      )}
    </SectionCard>
  );
}
