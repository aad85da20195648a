import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Code, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";

const STATUS_COLORS = { pending: "blue", succeeded: "green", failed: "red" } as const;
const formatTime = (d: Date | null) => (d ? d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" }) : "—");

/** One endpoint's delivery log, newest first: each delivery's status, and on demand its attempts; super admins replay finished ones. */
export function DeliveriesTable({ applicationId, endpointId, url, canManage }: { applicationId: string; endpointId: string; url: string; canManage: boolean }) {
  const deliveries = useQuery(trpc.webhooks.deliveries.list.queryOptions({ applicationId, endpointId }));
  const [open, setOpen] = useState<string | null>(null);
  const replay = useMutation({
    mutationFn: (deliveryId: string) => client.webhooks.deliveries.replay.mutate({ applicationId, deliveryId }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "The delivery was queued again." });
      await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
    },
  });

  if (deliveries.isPending) return <Loader aria-label="Loading deliveries" />;
  if (deliveries.isError) return <Alert color="red" role="alert">{errorMessage(deliveries.error)}</Alert>;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">Deliveries to <Text span ff="monospace" size="sm">{url}</Text></Title>
      {replay.isError && <Alert color="red" role="alert">{errorMessage(replay.error)}</Alert>}
      <Table aria-label="Delivery log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Last answer</Table.Th>
            <Table.Th>Queued</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.length === 0 && (
            <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center" py="md">No delivery yet.</Text></Table.Td></Table.Tr>
          )}
          {deliveries.data.map((d) => (
            <Fragment key={d.id}>
              <Table.Tr>
                <Table.Td><Text ff="monospace" size="xs" truncate="end" maw={220}>{d.eventId}</Text></Table.Td>
                <Table.Td><Text size="sm">{d.eventType}</Text></Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLORS[d.status]}>{d.status === "pending" && d.attempts > 0 ? `retry at ${formatTime(d.nextAttemptAt)}` : d.status}</Badge>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{d.lastStatusCode ?? "—"}</Table.Td>
                <Table.Td>{formatTime(d.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-sm" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id)} aria-expanded={open === d.id}>
                    {open === d.id ? "Hide attempts" : "Attempts"}
                  </Button>
                  {canManage && d.status !== "pending" && (
                    <Button size="compact-sm" variant="subtle" loading={replay.isPending && replay.variables === d.id} onClick={() => replay.mutate(d.id)} aria-label={`Replay ${d.eventId}`}>
                      Replay
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
              {open === d.id && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Table aria-label={`Attempts of ${d.eventId}`}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>#</Table.Th>
                          <Table.Th>At</Table.Th>
                          <Table.Th>Status code</Table.Th>
                          <Table.Th>Duration</Table.Th>
                          <Table.Th>Response or error</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {d.log.map((a) => (
                          <Table.Tr key={a.attempt}>
                            <Table.Td>{a.attempt}</Table.Td>
                            <Table.Td>{formatTime(a.attemptedAt)}</Table.Td>
                            <Table.Td>{a.statusCode ?? "—"}</Table.Td>
                            <Table.Td>{a.durationMs} ms</Table.Td>
                            <Table.Td><Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{a.error ?? a.responseExcerpt ?? ""}</Code></Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
