import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient as rootQueryClient, trpc } from "../../lib/api.ts";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { describeUserAgent } from "./user-agent.ts";

const when = (date: Date | null) => (date ? date.toLocaleString() : "—");

/** Where the signed-in person is signed in — browsers and device tokens — with revoke buttons. */
export function SessionsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  const [confirmOthers, setConfirmOthers] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  const revoke = useMutation(
    trpc.sessions.revoke.mutationOptions({
      onSuccess: async (result) => {
        if (result.signedOut) {
          rootQueryClient.clear();
          await navigate({ to: "/login", search: { redirect: undefined } });
          return;
        }
        notifications.show({ color: "green", message: "Revoked." });
        await refresh();
      },
      onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
    }),
  );
  const revokeOthers = useMutation(
    trpc.sessions.revokeOthers.mutationOptions({
      onSuccess: async (counts) => {
        setConfirmOthers(false);
        notifications.show({ color: "green", message: `Signed out of ${counts.sessions} other session(s) and ${counts.deviceTokens} device token(s).` });
        await refresh();
      },
    }),
  );
  const rows = sessions.data ?? [];

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Sessions</Title>
          <Text c="dimmed">Browsers and command-line tools signed in as you. Revoke any you do not recognise.</Text>
        </div>
        <Button color="red" variant="light" disabled={rows.filter((r) => !r.current).length === 0} onClick={() => setConfirmOthers(true)}>
          Sign out all other sessions
        </Button>
      </Group>
      {sessions.isPending && <Loader aria-label="Loading your sessions" />}
      {sessions.isError && <Alert color="red" role="alert">{errorMessage(sessions.error)}</Alert>}
      {sessions.data && (
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label="Your sessions" striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>MFA</Table.Th>
                <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && <EmptyRow colSpan={6}>No sessions.</EmptyRow>}
              {rows.map((s) => {
                const label = s.kind === "device" ? `${s.client} (${s.prefix})` : describeUserAgent(s.userAgent);
                return (
                  <Table.Tr key={`${s.kind}:${s.id}`}>
                    <Table.Td>
                      <Group gap="xs">
                        <Tooltip label={s.userAgent ?? "No user agent"} disabled={s.kind === "device"}>
                          <Text size="sm" fw={500}>{label}</Text>
                        </Tooltip>
                        {s.current && <Badge size="sm">This browser</Badge>}
                        {s.kind === "device" && <Badge size="sm" variant="light" color="grape">Device token</Badge>}
                      </Group>
                      {s.kind === "device" && (
                        <Text size="xs" c="dimmed">{s.organization?.name} · {s.scopes.join(", ")}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>{s.ip ?? "—"}</Table.Td>
                    <Table.Td>{when(s.createdAt)}</Table.Td>
                    <Table.Td>{when(s.lastSeenAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={s.mfa ? "green" : "gray"}>{s.mfa ? "Yes" : "No"}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        aria-label={`Revoke ${label}${s.current ? " (this browser)" : ""}`}
                        loading={revoke.isPending && revoke.variables.id === s.id}
                        onClick={() => revoke.mutate({ kind: s.kind, id: s.id })}
                      >
                        {s.current ? "Sign out" : "Revoke"}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {confirmOthers && (
        <ConfirmModal
          title="Sign out all other sessions?"
          confirmLabel="Sign out others"
          pending={revokeOthers.isPending}
          error={revokeOthers.error}
          onConfirm={() => revokeOthers.mutate()}
          onClose={() => { revokeOthers.reset(); setConfirmOthers(false); }}
        >
          Every other browser session ends and every device token is revoked. This browser stays signed in.
        </ConfirmModal>
      )}
    </Stack>
  );
}
