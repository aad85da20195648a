import { ConfirmModal, DataTable, formatDateTime, SecretModal, TruncatedText, useZodForm, ZodForm, type DataColumn } from "@atrium/ui";
import { Badge, Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
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

/** A new key: its mode, and what happens to the other usable keys of that mode (the server's choices). */
const ZNewKeyForm = z.object({
  mode: z.enum(["live", "test"], { error: "Choose a live or a test key." }),
  previousKeys: z.enum(["none", "now", "1h", "24h", "7d"], { error: "Choose what happens to the other keys." }),
});

function statusOf(key: SecretKey, now: Date) {
  if (key.revokedAt) return { label: "Revoked", color: "gray" };
  if (key.expiresAt && key.expiresAt <= now) return { label: "Expired", color: "gray" };
  if (key.expiresAt) return { label: `Until ${formatDateTime(key.expiresAt)}`, color: "orange" };
  return { label: "Live", color: "green" };
}

const usable = (key: SecretKey, now: Date) => !key.revokedAt && (!key.expiresAt || key.expiresAt > now);

const KEY_COLUMNS: DataColumn<SecretKey>[] = [
  { id: "key", header: "Key", value: (key) => key.prefix, cell: (key) => <TruncatedText text={`${key.prefix}…`} ff="monospace" /> },
  {
    id: "mode",
    header: "Mode",
    width: 90,
    value: (key) => key.mode,
    cell: (key) => <Badge variant="outline" color={key.mode === "test" ? "orange" : "blue"}>{key.mode === "test" ? "Test" : "Live"}</Badge>,
  },
  { id: "created", header: "Created", sortable: true, value: (key) => key.createdAt },
  { id: "lastUsed", header: "Last used", sortable: true, value: (key) => key.lastUsedAt },
  {
    id: "status",
    header: "Status",
    width: "26%",
    cell: (key) => {
      const status = statusOf(key, new Date());
      return <Badge variant="light" color={status.color} maw="100%">{status.label}</Badge>;
    },
  },
];

/** An application's secret keys, test or live: created (shown once), rotated with an overlap among keys of the same mode, revoked. */
export function KeysCard({ applicationId, keys, canManage, archived }: { applicationId: string; keys: SecretKey[]; canManage: boolean; archived: boolean }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<SecretKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.applications.pathKey() });
  const create = useMutation({
    mutationFn: (input: { mode: Mode; previousKeys: Previous }) => client.staff.applications.keys.create.mutate({ applicationId, ...input }),
    onSuccess: async (key) => {
      setSecret(key.token);
      await refresh();
    },
  });
  const form = useZodForm(ZNewKeyForm, { mode: "live" as Mode, previousKeys: "24h" as Previous }, create.error);
  const mode = form.values.mode;
  const live = keys.filter((k) => k.mode === mode && usable(k, new Date()));
  const revoke = useMutation({
    mutationFn: (key: SecretKey) => client.staff.applications.keys.revoke.mutate({ applicationId, keyId: key.id }),
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
            <ZodForm form={form} error={create.error} label="Create a secret key" onSubmit={(v) => create.mutate({ mode: v.mode, previousKeys: live.length ? v.previousKeys : "none" })}>
              <Group align="flex-start">
                <Select label="Mode" data={MODE_CHOICES} allowDeselect={false} w={280} {...form.getInputProps("mode")} />
                {live.length > 0 && <Select label="When the new key is created" data={PREVIOUS_CHOICES} allowDeselect={false} w={300} {...form.getInputProps("previousKeys")} />}
                <Button type="submit" mt={25} loading={create.isPending}>{live.length ? `Create new ${mode} key` : `Create ${mode} key`}</Button>
              </Group>
            </ZodForm>
          )}
        </Group>
        <DataTable
          label="Secret keys"
          urlKey="keys"
          columns={KEY_COLUMNS}
          data={keys}
          empty="No key yet."
          actionsWidth={110}
          rowActions={(key) =>
            canManage && usable(key, now) ? (
              <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke ${key.prefix}`} onClick={() => setRevoking(key)}>Revoke</Button>
            ) : null
          }
        />
      </Stack>
      {secret && <SecretModal title="New secret key" secret={secret} onClose={() => setSecret(null)} />}
      {revoking && (
        <ConfirmModal
          title={`Revoke ${revoking.prefix}…?`}
          confirmLabel="Revoke key"
          mutation={revoke}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => setRevoking(null)}
        >
          Calls with this key are refused from now on. A revoked key cannot be used again.
        </ConfirmModal>
      )}
    </Card>
  );
}
