import { ConfirmModal, errorMessage, SecretModal } from "@atrium/ui";
import { Alert, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";
import { DeliveriesTable } from "./deliveries-table.tsx";
import { EndpointFormModal, type EndpointFields } from "./endpoint-form-modal.tsx";

type Overlap = "now" | "1h" | "24h" | "7d";
const OVERLAPS: { value: Overlap; label: string }[] = [
  { value: "24h", label: "Old secret also signs for 24 hours" },
  { value: "1h", label: "Old secret also signs for 1 hour" },
  { value: "7d", label: "Old secret also signs for 7 days" },
  { value: "now", label: "Old secret stops at once" },
];

/**
 * An application's webhook endpoints (events signed per Standard Webhooks):
 * every staff role sees them and their delivery log; super admins add, edit,
 * disable, rotate or reveal secrets and replay deliveries.
 */
export function WebhooksCard({ applicationId, canManage, archived }: { applicationId: string; canManage: boolean; archived: boolean }) {
  const endpoints = useQuery(trpc.webhooks.endpoints.list.queryOptions({ applicationId }));
  const [editing, setEditing] = useState<EndpointFields | "new" | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [rotating, setRotating] = useState<EndpointFields | null>(null);
  const [overlap, setOverlap] = useState<Overlap>("24h");
  const [selected, setSelected] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });

  const toggle = useMutation({
    mutationFn: (e: EndpointFields) => client.webhooks.endpoints.update.mutate({ applicationId, endpointId: e.id, enabled: !e.enabled }),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (e: EndpointFields) => client.webhooks.endpoints.rotateSecret.mutate({ applicationId, endpointId: e.id, previousSecret: overlap }),
    onSuccess: async (result) => {
      setRotating(null);
      setSecret({ title: "New signing secret", value: result.secret });
      await refresh();
    },
  });
  const reveal = useMutation({
    mutationFn: (e: EndpointFields) => client.webhooks.endpoints.revealSecret.mutate({ applicationId, endpointId: e.id }),
    onSuccess: (result) => setSecret({ title: "Signing secret", value: result.secret }),
  });
  const manage = canManage && !archived;
  const chosen = endpoints.data?.find((e) => e.id === selected) ?? null;

  return (
    <Card withBorder component="section" aria-label="Webhooks">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} size="h4">Webhooks</Title>
            <Text size="sm" c="dimmed">Events are POSTed signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), in order per organization, retried with backoff.</Text>
          </div>
          {manage && <Button onClick={() => setEditing("new")}>Add endpoint</Button>}
        </Group>
        {endpoints.isPending && <Loader aria-label="Loading webhook endpoints" />}
        {endpoints.isError && <Alert color="red" role="alert">{errorMessage(endpoints.error)}</Alert>}
        {(toggle.isError || reveal.isError) && <Alert color="red" role="alert">{errorMessage(toggle.error ?? reveal.error)}</Alert>}
        {endpoints.data && (
          <Table aria-label="Webhook endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>URL</Table.Th>
                <Table.Th>Event types</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Pending</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {endpoints.data.length === 0 && (
                <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center" py="md">No endpoint yet.</Text></Table.Td></Table.Tr>
              )}
              {endpoints.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td maw={320}>
                    <Text ff="monospace" size="sm" truncate="end">{e.url}</Text>
                    {e.description && <Text size="xs" c="dimmed" truncate="end">{e.description}</Text>}
                  </Table.Td>
                  <Table.Td maw={240}><Text size="sm" truncate="end">{e.eventTypes.length ? e.eventTypes.join(", ") : "All types"}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={e.enabled ? "green" : "gray"}>{e.enabled ? "Enabled" : "Disabled"}</Badge></Table.Td>
                  <Table.Td>{e.pendingDeliveries}</Table.Td>
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" onClick={() => setSelected(selected === e.id ? null : e.id)} aria-label={`Deliveries to ${e.url}`}>Deliveries</Button>
                      {manage && (
                        <>
                          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(e)} aria-label={`Edit ${e.url}`}>Edit</Button>
                          <Button size="compact-sm" variant="subtle" loading={toggle.isPending && toggle.variables?.id === e.id} onClick={() => toggle.mutate(e)}>{e.enabled ? "Disable" : "Enable"}</Button>
                          <Button size="compact-sm" variant="subtle" onClick={() => setRotating(e)} aria-label={`Rotate the secret of ${e.url}`}>Rotate secret</Button>
                          <Button size="compact-sm" variant="subtle" loading={reveal.isPending && reveal.variables?.id === e.id} onClick={() => reveal.mutate(e)} aria-label={`Reveal the secret of ${e.url}`}>Reveal</Button>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {chosen && <DeliveriesTable applicationId={applicationId} endpointId={chosen.id} url={chosen.url} canManage={manage} />}
      </Stack>
      {editing && (
        <EndpointFormModal
          applicationId={applicationId}
          endpoint={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(value) => {
            setEditing(null);
            setSecret({ title: "Signing secret of the new endpoint", value });
          }}
        />
      )}
      {secret && <SecretModal title={secret.title} secret={secret.value} revealable onClose={() => setSecret(null)} />}
      {rotating && (
        <ConfirmModal
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          pending={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate(rotating)}
          onClose={() => setRotating(null)}
        >
          <Stack gap="xs">
            <Text size="sm">A new secret signs every delivery from now on. During the overlap, deliveries carry both signatures, so the receiver can switch without refusing any.</Text>
            <Select label="Overlap" data={OVERLAPS} value={overlap} onChange={(v) => setOverlap((v as Overlap | null) ?? "24h")} allowDeselect={false} />
          </Stack>
        </ConfirmModal>
      )}
    </Card>
  );
}
