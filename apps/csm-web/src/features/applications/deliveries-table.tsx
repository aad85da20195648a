import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, formatDateTime, formatNumber, TruncatedText, type DataColumn } from "@atrium/ui";
import { Alert, Badge, Button, Code, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";

type Delivery = inferRouterOutputs<AppRouter>["staff"]["webhooks"]["deliveries"]["list"][number];
type Attempt = Delivery["log"][number];

const STATUS_COLORS = { pending: "blue", succeeded: "green", failed: "red" } as const;

const DELIVERY_COLUMNS: DataColumn<Delivery>[] = [
  { id: "event", header: "Event", width: "22%", value: (d) => d.eventId, cell: (d) => <TruncatedText text={d.eventId} ff="monospace" size="xs" /> },
  { id: "type", header: "Type", value: (d) => d.eventType },
  {
    id: "status",
    header: "Status",
    width: "20%",
    cell: (d) => (
      <Badge variant="light" color={STATUS_COLORS[d.status]} maw="100%">
        {d.status === "pending" && d.attempts > 0 ? `retry at ${formatDateTime(d.nextAttemptAt)}` : d.status}
      </Badge>
    ),
  },
  { id: "attempts", header: "Attempts", align: "right", value: (d) => d.attempts },
  { id: "answer", header: "Last answer", value: (d) => d.lastStatusCode, cell: (d) => (d.lastStatusCode === null ? "—" : String(d.lastStatusCode)) },
  { id: "queued", header: "Queued", value: (d) => d.createdAt },
];

const ATTEMPT_COLUMNS: DataColumn<Attempt>[] = [
  { id: "attempt", header: "#", width: 48, value: (a) => a.attempt },
  { id: "at", header: "At", value: (a) => a.attemptedAt },
  { id: "code", header: "Status code", value: (a) => a.statusCode, cell: (a) => (a.statusCode === null ? "—" : String(a.statusCode)) },
  { id: "duration", header: "Duration", value: (a) => a.durationMs, cell: (a) => `${formatNumber(a.durationMs)} ms` },
  {
    id: "response",
    header: "Response or error",
    width: "40%",
    cell: (a) => <Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{a.error ?? a.responseExcerpt ?? ""}</Code>,
  },
];

/** One endpoint's delivery log, newest first: each delivery's status, and on demand its attempts; super admins replay finished ones. */
export function DeliveriesTable({ applicationId, endpointId, url, canManage }: { applicationId: string; endpointId: string; url: string; canManage: boolean }) {
  const deliveries = useQuery(trpc.staff.webhooks.deliveries.list.queryOptions({ applicationId, endpointId }));
  const [open, setOpen] = useState<string | null>(null);
  const replay = useMutation({
    mutationFn: (deliveryId: string) => client.staff.webhooks.deliveries.replay.mutate({ applicationId, deliveryId }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "The delivery was queued again." });
      await queryClient.invalidateQueries({ queryKey: trpc.staff.webhooks.pathKey() });
    },
  });

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">Deliveries to <Text span ff="monospace" size="sm">{url}</Text></Title>
      {replay.isError && <Alert color="red" role="alert">{errorMessage(replay.error)}</Alert>}
      <DataTable
        label="Delivery log"
        columns={DELIVERY_COLUMNS}
        query={deliveries}
        empty="No delivery yet."
        actionsWidth={canManage ? 200 : 130}
        rowActions={(d) => (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <Button size="compact-sm" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id)} aria-expanded={open === d.id}>
              {open === d.id ? "Hide attempts" : "Attempts"}
            </Button>
            {canManage && d.status !== "pending" && (
              <Button size="compact-sm" variant="subtle" loading={replay.isPending && replay.variables === d.id} onClick={() => replay.mutate(d.id)} aria-label={`Replay ${d.eventId}`}>
                Replay
              </Button>
            )}
          </Group>
        )}
        expanded={(d) =>
          open === d.id ? <DataTable label={`Attempts of ${d.eventId}`} columns={ATTEMPT_COLUMNS} data={d.log} getRowId={(a) => String(a.attempt)} empty="No attempt yet." /> : null
        }
      />
    </Stack>
  );
}
