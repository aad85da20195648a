import { ConfirmModal, DataTable, formatDateTime, MutationErrorAlert, QueryView, TruncatedText, type DataColumn } from "@atrium/ui";
import { staffPermissions, staffRoleOf } from "@atrium/rbac";
import { Badge, Button, CopyButton, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";

const staffRoute = getRouteApi("/staff");
type Key = { id: string; kid: string; status: "active" | "verifying" | "retired"; createdAt: Date; retiredAt: Date | null; publicJwk: object };
const STATUS = { active: ["Signs", "green"], verifying: ["Verifies only", "blue"], retired: ["Retired", "gray"] } as const;

const COLUMNS: DataColumn<Key>[] = [
  { id: "kid", header: "Key id", width: "44%", value: (k) => k.kid, cell: (k) => <TruncatedText text={k.kid} ff="monospace" /> },
  { id: "status", header: "Status", width: "18%", value: (k) => k.status, cell: (k) => <Badge color={STATUS[k.status][1]} variant="light">{STATUS[k.status][0]}</Badge> },
  { id: "created", header: "Created", value: (k) => k.createdAt.getTime(), cell: (k) => formatDateTime(k.createdAt) },
];

/** The SPA hides what the server would refuse: only super admins (licenses:keys) see and handle the signing keys. */
export function useCanManageLicenseKeys(): boolean {
  const { user } = staffRoute.useRouteContext();
  const role = user.platformRole ? staffRoleOf(user.platformRole, false) : null;
  return role !== null && staffPermissions(role).has("licenses:keys");
}

/** The licence signing keys: the public JWKS to ship to self-hosted customers, rotate, retire a verifying key. */
export function SigningKeysCard() {
  const keys = useQuery(trpc.licensing.keys.list.queryOptions());
  const [retiring, setRetiring] = useState<Key | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.licensing.keys.list.queryKey() });
  const rotate = useMutation(trpc.licensing.keys.rotate.mutationOptions({ onSuccess: async () => { await refresh(); notifications.show({ color: "green", message: "A new key signs from now on; the previous one still verifies." }); } }));
  const retire = useMutation(trpc.licensing.keys.retire.mutationOptions({ onSuccess: async () => { await refresh(); setRetiring(null); } }));
  const jwks = JSON.stringify({ keys: (keys.data ?? []).filter((k) => k.status !== "retired").map((k) => k.publicJwk) });

  return (
    <Paper withBorder p="md" component="section" aria-label="Licence signing keys">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">Licence signing keys</Title>
          <Group gap="xs">
            <CopyButton value={jwks}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? "Copied" : "Copy public keys (JWKS)"}</Button>}</CopyButton>
            <Button size="xs" variant="default" loading={rotate.isPending} onClick={() => rotate.mutate()}>Rotate</Button>
          </Group>
        </Group>
        <MutationErrorAlert error={rotate.error} />
        <Text size="sm" c="dimmed">Self-hosted customers set the public keys as ATRIUM_LICENSE_PUBLIC_KEYS. Ship a new key before issuing with it; retire an old one once its licences are renewed.</Text>
        <QueryView query={keys} label="signing keys" empty="No key yet: the first licence issued creates one.">
          {(rows) => (
            <DataTable
              label="Signing keys"
              columns={COLUMNS}
              data={rows as Key[]}
              actionsWidth={90}
              rowActions={(k) => (k.status === "verifying" ? <Button size="xs" variant="default" color="red" onClick={() => setRetiring(k)}>Retire</Button> : null)}
            />
          )}
        </QueryView>
      </Stack>
      {retiring && (
        <ConfirmModal title="Retire this signing key?" confirmLabel="Retire" mutation={retire} onConfirm={() => retire.mutate({ kid: retiring.kid })} onClose={() => setRetiring(null)}>
          Licences it signed stop verifying here at once (installations that hold its public key keep accepting them). Renew them with the active key first.
        </ConfirmModal>
      )}
    </Paper>
  );
}
