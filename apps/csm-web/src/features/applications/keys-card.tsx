import { ConfirmModal, SecretModal } from "@atrium/ui";
import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";

type Mode = "test" | "live";

interface SecretKey {
  id: string;
  prefix: string;
  mode: Mode;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Previous = "none" | "now" | "1h" | "24h" | "7d";

const PREVIOUS_CHOICES: { value: Previous; label: string }[] = [
  { value: "none", label: "Keep the other keys" },
  { value: "1h", label: "Other keys stop working in 1 hour" },
  { value: "24h", label: "Other keys stop working in 24 hours" },
  { value: "7d", label: "Other keys stop working in 7 days" },
  { value: "now", label: "Revoke the other keys now" },
];

/** A test key decides and reads like a live one but cannot send usage, audit events or the catalog (docs/INTEGRATION.md). */
const MODE_CHOICES: { value: Mode; label: string }[] = [
  { value: "live", label: "Live key" },
  { value: "test", label: "Test key (decisions and reads only)" },
];

const formatTime = (d: Date | null) => (d ? d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—");

function statusOf(key: SecretKey, now: Date) {
  if (key.revokedAt) return { label: "Revoked", color: "gray" };
  if (key.expiresAt && key.expiresAt <= now) return { label: "Expired", color: "gray" };
  if (key.expiresAt) return { label: `Until ${formatTime(key.expiresAt)}`, color: "orange" };
  return { label: "Live", color: "green" };
}

/** An application's secret keys, test or live: created (shown once), rotated with an overlap among keys of the same mode, revoked. */
export function KeysCard({ applicationId, keys, canManage, archived }: { applicationId: string; keys: SecretKey[]; canManage: boolean; archived: boolean }) {
  const [previous, setPrevious] = useState<Previous>("24h");
  const [mode, setMode] = useState<Mode>("live");
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<SecretKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.applications.pathKey() });
  const live = keys.filter((k) => k.mode === mode && !k.revokedAt && (!k.expiresAt || k.expiresAt > new Date()));

  const create = useMutation({
    mutationFn: () => client.applications.keys.create.mutate({ applicationId, mode, previousKeys: live.length ? previous : "none" }),
    onSuccess: async (key) => {
      setSecret(key.token);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (key: SecretKey) => client.applications.keys.revoke.mutate({ applicationId, keyId: key.id }),
    onSuccess: async (_, key) => {
      notifications.show({ color: "green", message: `Key ${key.prefix}… was revoked.` });
      setRevoking(null);
      await refresh();
    },
  });

  const now = new Date();
  return (
    <Card withBorder component="section" aria-label="Secret keys">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} size="h4">Secret keys</Title>
            <Text size="sm" c="dimmed">The product's back end sends one as Authorization: Bearer atrium_sk_live_… on every /v1 call; staging and CI use a test key (atrium_sk_test_…), which decides and reads but changes nothing.</Text>
          </div>
          {canManage && !archived && (
            <Group align="flex-end">
              <Select label="Mode" data={MODE_CHOICES} value={mode} onChange={(v) => setMode((v as Mode | null) ?? "live")} allowDeselect={false} w={280} />
              {live.length > 0 && (
                <Select label="When the new key is created" data={PREVIOUS_CHOICES} value={previous} onChange={(v) => setPrevious((v as Previous | null) ?? "24h")} allowDeselect={false} w={300} />
              )}
              <Button onClick={() => create.mutate()} loading={create.isPending}>{live.length ? `Create new ${mode} key` : `Create ${mode} key`}</Button>
            </Group>
          )}
        </Group>
        {create.isError && <Text c="red" role="alert">{create.error.message}</Text>}
        <Table aria-label="Secret keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Mode</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.length === 0 && (
              <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" py="md">No key yet.</Text></Table.Td></Table.Tr>
            )}
            {keys.map((key) => {
              const status = statusOf(key, now);
              const usable = !key.revokedAt && (!key.expiresAt || key.expiresAt > now);
              return (
                <Table.Tr key={key.id}>
                  <Table.Td><Text ff="monospace" size="sm">{key.prefix}…</Text></Table.Td>
                  <Table.Td><Badge variant="outline" color={key.mode === "test" ? "orange" : "blue"}>{key.mode === "test" ? "Test" : "Live"}</Badge></Table.Td>
                  <Table.Td>{formatTime(key.createdAt)}</Table.Td>
                  <Table.Td>{formatTime(key.lastUsedAt)}</Table.Td>
                  <Table.Td><Badge variant="light" color={status.color}>{status.label}</Badge></Table.Td>
                  <Table.Td ta="right">
                    {canManage && usable && (
                      <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke ${key.prefix}`} onClick={() => setRevoking(key)}>Revoke</Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
      {secret && <SecretModal title="New secret key" secret={secret} onClose={() => setSecret(null)} />}
      {revoking && (
        <ConfirmModal
          title={`Revoke ${revoking.prefix}…?`}
          confirmLabel="Revoke key"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => setRevoking(null)}
        >
          Calls with this key are refused from now on. A revoked key cannot be used again.
        </ConfirmModal>
      )}
    </Card>
  );
}
