import { ConfirmModal, type DataColumn, DataTable, errorMessage, formatDateTime, LabeledValue, TruncatedText } from "@atrium/ui";
import { Alert, Badge, Button, Checkbox, Group, Loader, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { needsUpgrade, UpgradePrompt } from "../../lib/upgrade-prompt.tsx";
import { SecretModal } from "../audit-alerts/secret-modal.tsx";
import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";
import { getRouteApi } from "@tanstack/react-router";

const streamingRoute = getRouteApi("/app/orgs/$orgId/log-streaming");

type Destination = NonNullable<inferRouterOutputs<AppRouter>["audit"]["streams"]["get"]>;
type Kind = Destination["kind"];

const FAILURE_COLUMNS: DataColumn<Destination["failures"][number]>[] = [
  { id: "at", header: "When", value: (f) => f.at, cell: (f) => <TruncatedText text={formatDateTime(f.at)} /> },
  { id: "events", header: "Events", value: (f) => `seq ${f.fromSeq}–${f.toSeq}` },
  { id: "attempt", header: "Attempt", align: "right", width: 90, value: (f) => f.attempt },
  { id: "error", header: "Error", width: "45%", value: (f) => f.error, cell: (f) => <TruncatedText text={f.error} c="red" /> },
];

const KINDS: { value: Kind; label: string; placeholder: string; credential: string | null }[] = [
  { value: "splunk_hec", label: "Splunk HTTP Event Collector", placeholder: "https://splunk.example.com:8088/services/collector/event", credential: "HEC token" },
  { value: "datadog", label: "Datadog logs", placeholder: "https://http-intake.logs.datadoghq.com/api/v2/logs", credential: "Datadog API key" },
  { value: "generic", label: "Generic JSON POST (HMAC-signed)", placeholder: "https://siem.example.com/atrium", credential: null },
];

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The SIEM destination: where the audit log streams, and how delivery is going. */
export function StreamingPage() {
  const { orgId } = streamingRoute.useParams();
  const destination = useQuery({ ...trpc.audit.streams.get.queryOptions({ orgId }), refetchInterval: 5000 });
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Title order={1} size="h2">Log streaming</Title>
        <Text c="dimmed">Every audit event, in order, to your SIEM — batched, retried with backoff, never skipped or sent twice by a restart.</Text>
      </div>
      {destination.isPending && <Loader aria-label="Loading the destination" />}
      {destination.isError &&
        (needsUpgrade(destination.error) ? <UpgradePrompt message={errorMessage(destination.error)} /> : <Alert color="red" role="alert">{errorMessage(destination.error)}</Alert>)}
      {destination.isSuccess && (
        <>
          {destination.data && <DeliveryStatus destination={destination.data} onRotated={setSecret} orgId={orgId} />}
          <DestinationForm key={destination.data?.id ?? "new"} orgId={orgId} destination={destination.data} onSecret={setSecret} />
        </>
      )}
      {secret && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}

function DeliveryStatus({ orgId, destination: d, onRotated }: { orgId: string; destination: Destination; onRotated(secret: string): void }) {
  const [removing, setRemoving] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.audit.streams.get.queryKey() });
  const rotate = useMutation(trpc.audit.streams.rotateSecret.mutationOptions({ onSuccess: (r) => onRotated(r.secret) }));
  const remove = useMutation(trpc.audit.streams.delete.mutationOptions({ onSuccess: invalidate }));
  const healthy = d.consecutiveFailures === 0;
  return (
    <Paper withBorder p="lg" component="section" aria-label="Delivery status">
      <Stack>
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h4">Delivery status</Title>
            <Badge variant="light" color={!d.enabled ? "gray" : healthy ? "green" : "red"}>{!d.enabled ? "Paused" : healthy ? "Healthy" : "Failing"}</Badge>
          </Group>
          <Group gap="xs">
            {d.kind === "generic" && <Button variant="default" size="xs" loading={rotate.isPending} onClick={() => rotate.mutate({ orgId })}>New signing secret</Button>}
            <Button variant="light" color="red" size="xs" onClick={() => setRemoving(true)}>Remove destination</Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <LabeledValue label="Last success">{d.lastSuccessAt ? formatDateTime(d.lastSuccessAt) : "Never"}</LabeledValue>
          <LabeledValue label="Lag">{d.lagEvents === 0 ? "Caught up" : `${d.lagEvents} events · ${duration(d.lagSeconds)}`}</LabeledValue>
          <LabeledValue label="Delivered">{`${d.deliveredEvents} events`}</LabeledValue>
          <LabeledValue label="Next retry">{formatDateTime(d.nextAttemptAt)}</LabeledValue>
        </SimpleGrid>
        {d.lastError && <Alert color="red" variant="light" title={`Failing: ${d.consecutiveFailures} attempt${d.consecutiveFailures === 1 ? "" : "s"} in a row`}>{d.lastError}</Alert>}
        <DataTable label="Recent delivery failures" columns={FAILURE_COLUMNS} data={d.failures} getRowId={(f) => f.id} empty="No failed deliveries." />
        <Text size="xs" c="dimmed">Credential encrypted with key {d.credentialKeyId}. Cursor at seq {d.cursorSeq} of {d.headSeq}.</Text>
      </Stack>
      {removing && (
        <ConfirmModal
          title="Remove the streaming destination?"
          confirmLabel="Remove"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ orgId }, { onSuccess: () => setRemoving(false) })}
          onClose={() => setRemoving(false)}
        >
          Events stop streaming. Adding a destination later starts from that moment unless you choose to send the history.
        </ConfirmModal>
      )}
    </Paper>
  );
}


function DestinationForm({ orgId, destination, onSecret }: { orgId: string; destination: Destination | null; onSecret(secret: string): void }) {
  const [kind, setKind] = useState<Kind>(destination?.kind ?? "splunk_hec");
  const [url, setUrl] = useState(destination?.url ?? "");
  const [credential, setCredential] = useState("");
  const [batchSize, setBatchSize] = useState(destination?.batchSize ?? 500);
  const [enabled, setEnabled] = useState(destination?.enabled ?? true);
  const [backfill, setBackfill] = useState(false);
  const save = useMutation(
    trpc.audit.streams.save.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.streams.get.queryKey() });
        notifications.show({ color: "green", message: "Streaming destination saved." });
        setCredential("");
        if (r.secret) onSecret(r.secret);
      },
    }),
  );
  const spec = KINDS.find((k) => k.value === kind)!;
  const needsCredential = spec.credential !== null && (!destination || destination.kind !== kind);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ orgId, kind, url: url.trim(), credential: credential.trim() || null, batchSize, enabled, backfill });
  }

  return (
    <Paper withBorder p="lg" component="section" aria-label="Destination">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h4">{destination ? "Destination" : "Add a destination"}</Title>
          <MutationError error={save.error} />
          <Select label="Type" data={KINDS.map(({ value, label }) => ({ value, label }))} value={kind} onChange={(v) => v && setKind(v as Kind)} allowDeselect={false} />
          <TextInput label="URL" required placeholder={spec.placeholder} value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
          {spec.credential && (
            <PasswordInput
              label={spec.credential}
              required={needsCredential}
              description={needsCredential ? "Stored encrypted; never shown again" : "Leave empty to keep the current one"}
              value={credential}
              onChange={(e) => setCredential(e.currentTarget.value)}
            />
          )}
          {kind === "generic" && <Text size="sm" c="dimmed">Requests carry an Atrium-Signature header (HMAC-SHA256); the secret is shown once when you save.</Text>}
          <Group grow align="flex-end">
            <NumberInput label="Events per request" min={1} max={5000} value={batchSize} onChange={(v) => setBatchSize(Number(v) || 500)} />
            <Switch label="Streaming on" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          </Group>
          {!destination && <Checkbox label="Also send the events already in the log" checked={backfill} onChange={(e) => setBackfill(e.currentTarget.checked)} />}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!url.trim() || (needsCredential && !credential.trim())}>Save destination</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
