import { ConfirmModal, type DataColumn, DataTable, formatCount, formatDateTime, formatDuration, formatNumber, LabeledValue, numberField, PageHeader, TruncatedText, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Badge, Button, Checkbox, Group, Loader, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
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

const BATCH = { error: "Send from 1 to 5,000 events per request." };

/**
 * The server's limits (audit.streams.save), in sentences; it checks again. A credential is
 * required for a new destination of a kind that takes one (or a change of kind), else optional.
 */
const destinationForm = (keeps: (kind: Kind) => boolean) =>
  z
    .object({
      kind: z.enum(["splunk_hec", "datadog", "generic"]),
      url: z.string().trim().min(1, "Enter the address events are sent to.").max(2000, "An address has at most 2,000 characters.").pipe(z.url({ protocol: /^https?$/, error: "Enter a full address starting with https://." })),
      credential: z.string().trim().max(500, "A credential has at most 500 characters."),
      batchSize: numberField(z.number(BATCH).int(BATCH).min(1, BATCH).max(5000, BATCH)),
      enabled: z.boolean(),
      backfill: z.boolean(),
    })
    .superRefine((v, ctx) => {
      const spec = KINDS.find((k) => k.value === v.kind)!;
      if (spec.credential === null) return;
      if (v.credential === "" && !keeps(v.kind)) ctx.addIssue({ code: "custom", path: ["credential"], message: `Enter the ${spec.credential}.` });
      else if (v.credential !== "" && v.credential.length < 8) ctx.addIssue({ code: "custom", path: ["credential"], message: `The ${spec.credential} has at least 8 characters.` });
    });

/** The SIEM destination: where the audit log streams, and how delivery is going. */
export function StreamingPage() {
  const { orgId } = streamingRoute.useParams();
  const destination = useQuery({ ...trpc.audit.streams.get.queryOptions({ orgId }), refetchInterval: 5000 });
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <Stack gap="lg" maw={1000}>
      <PageHeader title="Log streaming" description="Every audit event, in order, to your SIEM — batched, retried with backoff, never skipped or sent twice by a restart." />
      {destination.isPending && <Loader aria-label="Loading the destination" />}
      <MutationError error={destination.error} />
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
          <LabeledValue label="Lag">{d.lagEvents === 0 ? "Caught up" : `${formatNumber(d.lagEvents)} events · ${formatDuration(d.lagSeconds * 1000)}`}</LabeledValue>
          <LabeledValue label="Delivered">{formatCount(d.deliveredEvents, "event")}</LabeledValue>
          <LabeledValue label="Next retry">{formatDateTime(d.nextAttemptAt)}</LabeledValue>
        </SimpleGrid>
        {d.lastError && <Alert color="red" variant="light" title={`Failing: ${formatCount(d.consecutiveFailures, "attempt")} in a row`}>{d.lastError}</Alert>}
        <DataTable label="Recent delivery failures" columns={FAILURE_COLUMNS} data={d.failures} empty="No failed deliveries." />
        <Text size="xs" c="dimmed">Credential encrypted with key {d.credentialKeyId}. Cursor at seq {formatNumber(d.cursorSeq)} of {formatNumber(d.headSeq)}.</Text>
      </Stack>
      {removing && (
        <ConfirmModal
          title="Remove the streaming destination?"
          confirmLabel="Remove"
          mutation={remove}
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
  const save = useMutation(
    trpc.audit.streams.save.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.streams.get.queryKey() });
        notifications.show({ color: "green", message: "Streaming destination saved." });
        form.setFieldValue("credential", "");
        if (r.secret) onSecret(r.secret);
      },
    }),
  );
  // The stored credential is kept when the kind stays the same.
  const schema = destinationForm((kind) => destination?.kind === kind);
  const form = useZodForm(
    schema,
    { kind: destination?.kind ?? "splunk_hec", url: destination?.url ?? "", credential: "", batchSize: destination?.batchSize ?? 500, enabled: destination?.enabled ?? true, backfill: false },
    save.error,
  );
  const kind = form.values.kind;
  const spec = KINDS.find((k) => k.value === kind)!;
  const needsCredential = spec.credential !== null && destination?.kind !== kind;

  return (
    <Paper withBorder p="lg" component="section" aria-label="Destination">
      <ZodForm
        form={form}
        error={save.error}
        label={destination ? "Destination settings" : "Add a destination"}
        gap="md"
        onSubmit={(v) => save.mutate({ orgId, kind: v.kind, url: v.url.trim(), credential: v.credential.trim() || null, batchSize: Number(v.batchSize), enabled: v.enabled, backfill: v.backfill })}
      >
        <Title order={2} size="h4">{destination ? "Destination" : "Add a destination"}</Title>
        <Select label="Type" data={KINDS.map(({ value, label }) => ({ value, label }))} allowDeselect={false} {...form.getInputProps("kind")} />
        <TextInput label="URL" withAsterisk placeholder={spec.placeholder} {...form.getInputProps("url")} />
        {spec.credential && (
          <PasswordInput
            label={spec.credential}
            withAsterisk={needsCredential}
            description={needsCredential ? "Stored encrypted; never shown again" : "Leave empty to keep the current one"}
            {...form.getInputProps("credential")}
          />
        )}
        {kind === "generic" && <Text size="sm" c="dimmed">Requests carry an Atrium-Signature header (HMAC-SHA256); the secret is shown once when you save.</Text>}
        <Group grow align="flex-start">
          <NumberInput label="Events per request" min={1} max={5000} allowDecimal={false} clampBehavior="none" thousandSeparator="," {...form.getInputProps("batchSize")} />
          <Switch label="Streaming on" mt={30} {...form.getInputProps("enabled", { type: "checkbox" })} />
        </Group>
        {!destination && <Checkbox label="Also send the events already in the log" {...form.getInputProps("backfill", { type: "checkbox" })} />}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>Save destination</Button>
        </Group>
      </ZodForm>
    </Paper>
  );
}
