import type { AppRouter } from "@atrium/api";
import { ConfirmModal, DataTable, errorMessage, formatCount, formatDateTime, PageHeader, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { queryClient as rootQueryClient, trpc } from "../../lib/api.ts";
import { describeUserAgent } from "./user-agent.ts";

type Session = inferRouterOutputs<AppRouter>["sessions"]["list"][number];

const labelOf = (s: Session) => (s.kind === "device" ? `${s.client} (${s.prefix})` : describeUserAgent(s.userAgent));

const COLUMNS: DataColumn<Session>[] = [
  {
    id: "device",
    header: "Device",
    width: "34%",
    cell: (s) => (
      <>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={s.userAgent ?? "No user agent"} disabled={s.kind === "device"}>
            <Text size="sm" fw={500} truncate="end">{labelOf(s)}</Text>
          </Tooltip>
          {s.current && <Badge size="sm" style={{ flexShrink: 0 }}>This browser</Badge>}
          {s.kind === "device" && <Badge size="sm" variant="light" color="grape" style={{ flexShrink: 0 }}>Device token</Badge>}
        </Group>
        {s.kind === "device" && <TruncatedText size="xs" c="dimmed" text={`${s.organization?.name ?? ""} · ${s.scopes.join(", ")}`} />}
      </>
    ),
  },
  { id: "ip", header: "IP address", value: (s) => s.ip },
  { id: "created", header: "Signed in", value: (s) => s.createdAt, cell: (s) => <TruncatedText text={formatDateTime(s.createdAt)} /> },
  { id: "lastSeen", header: "Last seen", value: (s) => s.lastSeenAt, cell: (s) => <TruncatedText text={formatDateTime(s.lastSeenAt)} /> },
  { id: "mfa", header: "MFA", width: 80, cell: (s) => <Badge variant="light" color={s.mfa ? "green" : "gray"}>{s.mfa ? "Yes" : "No"}</Badge> },
];

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
        notifications.show({ color: "green", message: `Signed out of ${formatCount(counts.sessions, "other session")} and ${formatCount(counts.deviceTokens, "device token")}.` });
        await refresh();
      },
    }),
  );
  const rows = sessions.data ?? [];

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title="Sessions"
        description="Browsers and command-line tools signed in as you. Revoke any you do not recognise."
        actions={
          <Button color="red" variant="light" disabled={rows.filter((r) => !r.current).length === 0} onClick={() => setConfirmOthers(true)}>
            Sign out all other sessions
          </Button>
        }
      />
      <DataTable
        label="Your sessions"
        columns={COLUMNS}
        query={sessions}
        getRowId={(s) => `${s.kind}:${s.id}`}
        empty="No sessions."
        actionsWidth={110}
        rowActions={(s) => (
          <Button
            size="xs"
            variant="default"
            color="red"
            aria-label={s.current ? `Sign out ${labelOf(s)} (this browser)` : `Revoke ${labelOf(s)}`}
            loading={revoke.isPending && revoke.variables.id === s.id}
            onClick={() => revoke.mutate({ kind: s.kind, id: s.id })}
          >
            {s.current ? "Sign out" : "Revoke"}
          </Button>
        )}
      />
      {confirmOthers && (
        <ConfirmModal
          title="Sign out all other sessions?"
          confirmLabel="Sign out others"
          mutation={revokeOthers}
          onConfirm={() => revokeOthers.mutate()}
          onClose={() => setConfirmOthers(false)}
        >
          Every other browser session ends and every device token is revoked. This browser stays signed in.
        </ConfirmModal>
      )}
    </Stack>
  );
}
