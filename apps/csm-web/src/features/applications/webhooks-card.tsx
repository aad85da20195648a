import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, FormModal, SecretModal, TruncatedText, useZodForm, type DataColumn } from "@atrium/ui";
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { z } from "zod";
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

/** How long the old secret keeps signing (the server's choices). */
const ZRotateForm = z.object({ previousSecret: z.enum(["now", "1h", "24h", "7d"], { error: "Choose how long the old secret keeps signing." }) });

type Endpoint = inferRouterOutputs<AppRouter>["staff"]["webhooks"]["endpoints"]["list"][number];

const ENDPOINT_COLUMNS: DataColumn<Endpoint>[] = [
  {
    id: "url",
    header: "URL",
    width: "40%",
    value: (e) => e.url,
    cell: (e) => (
      <>
        <TruncatedText text={e.url} ff="monospace" />
        {e.description && <TruncatedText text={e.description} size="xs" c="dimmed" />}
      </>
    ),
  },
  { id: "types", header: "Event types", value: (e) => (e.eventTypes.length ? e.eventTypes.join(", ") : "All types") },
  { id: "status", header: "Status", cell: (e) => <Badge variant="light" color={e.enabled ? "green" : "gray"}>{e.enabled ? "Enabled" : "Disabled"}</Badge> },
  { id: "pending", header: "Pending", align: "right", value: (e) => e.pendingDeliveries },
];

/**
 * An application's webhook endpoints (events signed per Standard Webhooks):
 * every staff role sees them and their delivery log; super admins add, edit,
 * disable, rotate or reveal secrets and replay deliveries.
 */
export function WebhooksCard({ applicationId, canManage, archived }: { applicationId: string; canManage: boolean; archived: boolean }) {
  const endpoints = useQuery(trpc.staff.webhooks.endpoints.list.queryOptions({ applicationId }));
  const [editing, setEditing] = useState<EndpointFields | "new" | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [rotating, setRotating] = useState<EndpointFields | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.webhooks.pathKey() });

  const toggle = useMutation({
    mutationFn: (e: EndpointFields) => client.staff.webhooks.endpoints.update.mutate({ applicationId, endpointId: e.id, enabled: !e.enabled }),
    onSuccess: refresh,
  });
  const reveal = useMutation({
    mutationFn: (e: EndpointFields) => client.staff.webhooks.endpoints.revealSecret.mutate({ applicationId, endpointId: e.id }),
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
        {(toggle.isError || reveal.isError) && <Alert color="red" role="alert">{errorMessage(toggle.error ?? reveal.error)}</Alert>}
        <DataTable
          label="Webhook endpoints"
          urlKey="webhooks"
          columns={ENDPOINT_COLUMNS}
          query={endpoints}
          empty="No endpoint yet."
          actionsWidth={manage ? 420 : 110}
          rowActions={(e) => (
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
          )}
        />
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
        <RotateSecretModal
          applicationId={applicationId}
          endpoint={rotating}
          onClose={() => setRotating(null)}
          onRotated={async (value) => {
            setRotating(null);
            setSecret({ title: "New signing secret", value });
            await refresh();
          }}
        />
      )}
    </Card>
  );
}

/** A new signing secret for one endpoint, with an overlap during which the old one signs too. */
function RotateSecretModal({ applicationId, endpoint, onClose, onRotated }: { applicationId: string; endpoint: EndpointFields; onClose(): void; onRotated(secret: string): Promise<void> }) {
  const rotate = useMutation({
    mutationFn: (previousSecret: Overlap) => client.staff.webhooks.endpoints.rotateSecret.mutate({ applicationId, endpointId: endpoint.id, previousSecret }),
    onSuccess: (result) => onRotated(result.secret),
  });
  const form = useZodForm(ZRotateForm, { previousSecret: "24h" as Overlap }, rotate.error);
  return (
    <FormModal title="Rotate the signing secret?" form={form} submitLabel="Rotate secret" color="red" mutation={rotate} onClose={onClose} onSubmit={(v) => rotate.mutate(v.previousSecret)}>
      <Text size="sm">A new secret signs every delivery from now on. During the overlap, deliveries carry both signatures, so the receiver can switch without refusing any.</Text>
      <Select label="Overlap" data={OVERLAPS} allowDeselect={false} {...form.getInputProps("previousSecret")} />
    </FormModal>
  );
}
