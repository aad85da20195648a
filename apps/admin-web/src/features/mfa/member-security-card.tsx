import type { AppRouter } from "@atrium/api";
import { ConfirmModal, type DataColumn, DataTable, formatCount, formatNumber, SectionCard, TruncatedText } from "@atrium/ui";
import { Badge, Button, Group } from "@mantine/core";
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
    <SectionCard
      title="Members' sign-in security"
      description={members.data ? `${formatNumber(enabled)} of ${formatNumber(members.data.length)} members use two-factor authentication.` : "Who uses two-factor authentication."}
    >
      <DataTable
        label="Members' two-factor authentication"
        urlKey="security"
        columns={COLUMNS}
        query={members}
        getRowId={(m) => m.userId}
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
      {pending?.kind === "reset" && (
        <ConfirmModal
          title={`Reset two-factor for ${pending.email}?`}
          confirmLabel="Reset MFA"
          mutation={reset}
          onConfirm={() => reset.mutate({ orgId, userId: pending.userId })}
          onClose={() => setPending(null)}
        >
          Their authenticator and recovery codes are removed. If the organization requires MFA, they set it up again at their next sign-in.
        </ConfirmModal>
      )}
      {pending?.kind === "revoke" && (
        <ConfirmModal
          title={`Sign out ${pending.email} everywhere?`}
          confirmLabel="Sign out everywhere"
          mutation={revoke}
          onConfirm={() => revoke.mutate({ orgId, userId: pending.userId })}
          onClose={() => setPending(null)}
        >
          Ends all their browser sessions and revokes their device tokens (in every organization).
        </ConfirmModal>
      )}
    </SectionCard>
  );
}
