import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { holdScope, sortHolds, type Hold } from "./labels.ts";
import { PlaceHoldModal } from "./place-hold-modal.tsx";

/** Legal holds, active ones first; released ones stay listed, greyed, as a record. */
export function LegalHoldsCard({ orgId, canPlace, canRelease }: { orgId: string; canPlace: boolean; canRelease: boolean }) {
  const holds = useQuery(trpc.retention.holds.queryOptions({ orgId }));
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const release = useMutation(
    trpc.retention.releaseHold.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.retention.holds.queryKey() });
        notifications.show({ color: "green", message: `Legal hold "${releasing?.name ?? ""}" released.` });
        setReleasing(null);
      },
    }),
  );
  const rows = sortHolds(holds.data ?? []);

  return (
    <Paper withBorder p="lg" component="section" aria-label="Legal holds">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4">Legal holds</Title>
            <Text size="sm" c="dimmed">
              While a hold is active, the audit events it covers are never deleted, even past their retention period.
            </Text>
          </div>
          {canPlace && <Button onClick={() => setPlacing(true)}>Place legal hold</Button>}
        </Group>
        {holds.isPending && <Loader size="sm" aria-label="Loading legal holds" />}
        {holds.isError && <Alert color="red" role="alert">{errorMessage(holds.error)}</Alert>}
        {holds.data && (
          <Table verticalSpacing="sm" aria-label="Legal holds">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Scope</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Status</Table.Th>
                {canRelease && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}><Text size="sm" c="dimmed" py="xs">No legal holds: retention applies to everything.</Text></Table.Td>
                </Table.Tr>
              )}
              {rows.map((hold) => {
                const released = hold.releasedAt !== null;
                return (
                  <Table.Tr key={hold.id} c={released ? "dimmed" : undefined} style={released ? { opacity: 0.7 } : undefined}>
                    <Table.Td fw={released ? undefined : 600}>{hold.name}</Table.Td>
                    <Table.Td>{holdScope(hold)}</Table.Td>
                    <Table.Td>{hold.createdAt.toLocaleDateString()}</Table.Td>
                    <Table.Td style={{ whiteSpace: "pre-wrap" }}>{hold.reason}</Table.Td>
                    <Table.Td>
                      {hold.releasedAt ? (
                        <Badge variant="light" color="gray">Released {hold.releasedAt.toLocaleDateString()}</Badge>
                      ) : (
                        <Badge variant="light" color="orange">Active</Badge>
                      )}
                    </Table.Td>
                    {canRelease && (
                      <Table.Td>
                        {!released && (
                          <Button size="xs" variant="light" color="red" onClick={() => setReleasing(hold)}>Release</Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {placing && <PlaceHoldModal orgId={orgId} onClose={() => setPlacing(false)} />}
      {releasing && (
        <ConfirmModal
          title={`Release "${releasing.name}"?`}
          confirmLabel="Release hold"
          pending={release.isPending}
          error={release.error}
          onConfirm={() => release.mutate({ orgId, holdId: releasing.id })}
          onClose={() => {
            setReleasing(null);
            release.reset();
          }}
        >
          Once released, the data this hold covers is deleted by the next daily retention run if it is past its retention period.
        </ConfirmModal>
      )}
    </Paper>
  );
}
