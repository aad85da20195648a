import type { AppRouter } from "@atrium/api";
import { ConfirmModal, DataTable, formatCount, formatNumber, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

type MemberMfa = inferRouterOutputs<AppRouter>["mfa"]["members"][number];

const COLUMNS: DataColumn<MemberMfa>[] = [
  {
    id: "member",
    header: "Member",
    sortable: true,
    width: "40%",
    value: (m) => m.name,
    cell: (m) => (
      <>
        <TruncatedText text={m.name} fw={500} />
        <TruncatedText text={m.email} size="xs" c="dimmed" />
      </>
    ),
  },
  { id: "role", header: "Role", sortable: true, value: (m) => m.role },
  {
    id: "mfa",
    header: "Two-factor",
    sortable: true,
    value: (m) => (m.mfaEnabled ? "On" : "Off"),
    cell: (m) => <Badge variant="light" color={m.mfaEnabled ? "green" : "gray"}>{m.mfaEnabled ? "On" : "Off"}</Badge>,
  },
];

type Pending = { kind: "reset" | "revoke"; userId: string; email: string } | null;

/** Members' MFA state, with an admin's reset and "sign out everywhere". */
export function MemberSecurityCard({ orgId, canReset, canRevoke }: { orgId: string; canReset: boolean; canRevoke: boolean }) {
  const queryClient = useQueryClient();
  const members = useQuery(trpc.mfa.members.queryOptions({ orgId }));
  const [pending, setPending] = useState<Pending>(null);
  const done = (message: string) => {
    notifications.show({ color: "green", message });
    setPending(null);
    return queryClient.invalidateQueries({ queryKey: trpc.mfa.members.queryKey({ orgId }) });
  };
  const reset = useMutation(trpc.mfa.resetMember.mutationOptions({ onSuccess: () => done("Two-factor authentication was reset.") }));
  const revoke = useMutation(
    trpc.sessions.revokeMember.mutationOptions({
      onSuccess: (counts) => done(`Signed out of ${formatCount(counts.sessions, "session")} and ${formatCount(counts.deviceTokens, "device token")}.`),
    }),
  );
  const enabled = (members.data ?? []).filter((m) => m.mfaEnabled).length;

  return (
    <Paper withBorder p="lg" component="section" aria-label="Members' sign-in security">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Members' sign-in security</Title>
          <Text size="sm" c="dimmed">
            {members.data ? `${formatNumber(enabled)} of ${formatNumber(members.data.length)} members use two-factor authentication.` : "Who uses two-factor authentication."}
          </Text>
        </div>
        <DataTable
          label="Members' two-factor authentication"
          urlKey="security"
          columns={COLUMNS}
          data={members.data}
          getRowId={(m) => m.userId}
          error={members.error}
          onRetry={() => void members.refetch()}
          empty="No members."
          actionsWidth={canReset ? 300 : 180}
          rowActions={(m) => (
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              {canReset && m.mfaEnabled && (
                <Button size="xs" variant="default" aria-label={`Reset MFA for ${m.email}`} onClick={() => setPending({ kind: "reset", userId: m.userId, email: m.email })}>
                  Reset MFA
                </Button>
              )}
              {canRevoke && (
                <Button size="xs" variant="default" color="red" aria-label={`Sign out everywhere: ${m.email}`} onClick={() => setPending({ kind: "revoke", userId: m.userId, email: m.email })}>
                  Sign out everywhere
                </Button>
              )}
            </Group>
          )}
        />
      </Stack>
      {pending?.kind === "reset" && (
        <ConfirmModal
          title={`Reset two-factor for ${pending.email}?`}
          confirmLabel="Reset MFA"
          pending={reset.isPending}
          error={reset.error}
          onConfirm={() => reset.mutate({ orgId, userId: pending.userId })}
          onClose={() => { reset.reset(); setPending(null); }}
        >
          Their authenticator and recovery codes are removed. If the organization requires MFA, they set it up again at their next sign-in.
        </ConfirmModal>
      )}
      {pending?.kind === "revoke" && (
        <ConfirmModal
          title={`Sign out ${pending.email} everywhere?`}
          confirmLabel="Sign out everywhere"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ orgId, userId: pending.userId })}
          onClose={() => { revoke.reset(); setPending(null); }}
        >
          Ends all their browser sessions and revokes their device tokens (in every organization).
        </ConfirmModal>
      )}
    </Paper>
  );
}
