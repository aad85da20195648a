import { ConfirmModal, DataTable, formatCount, formatDate, formatNumber, LoadError, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, Loader, Paper, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { notifyError } from "../../lib/notify-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import type { TMemberSearch } from "../members/search.ts";
import { roleLabel } from "../roles/role-label.ts";
import type { Invitation, InvitationStatus } from "./types.ts";

const membersRoute = getRouteApi("/app/orgs/$orgId/members");

const STATUS: Record<InvitationStatus, { label: string; color: string }> = {
  pending: { label: "Pending", color: "blue" },
  expired: { label: "Expired", color: "orange" },
  accepted: { label: "Accepted", color: "green" },
  declined: { label: "Declined", color: "gray" },
  revoked: { label: "Revoked", color: "red" },
};

const COLUMNS: DataColumn<Invitation>[] = [
  { id: "email", header: "E-mail", sortable: true, width: "28%", value: (i) => i.email },
  { id: "role", header: "Role", sortable: true, value: (i) => roleLabel(i.role) },
  {
    id: "status",
    header: "Status",
    sortable: true,
    value: (i) => STATUS[i.status].label,
    cell: (i) => <Badge variant="light" color={STATUS[i.status].color}>{STATUS[i.status].label}</Badge>,
  },
  { id: "invitedBy", header: "Invited by", sortable: true, value: (i) => i.invitedBy },
  {
    id: "expires",
    header: "Expires",
    sortable: true,
    width: "20%",
    value: (i) => i.expiresAt,
    cell: (i) => (
      <>
        <TruncatedText text={formatDate(i.expiresAt)} />
        <TruncatedText size="xs" c="dimmed" text={`Sent ${formatCount(i.sentCount, "time")}, last ${formatDate(i.lastSentAt)}`} />
      </>
    ),
  },
];

const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });

/** Every invitation of the organization, newest first, with resend and revoke for open ones. */
export function InvitationsList({ orgId }: { orgId: string }) {
  const { invitationStatus } = membersRoute.useSearch();
  const navigate = membersRoute.useNavigate();
  const access = useMyAccess(orgId);
  const invitations = useQuery(trpc.invitations.list.queryOptions({ orgId }));
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const resend = useMutation(
    trpc.invitations.resend.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: "The invitation was sent again with a new link." });
      },
      onError: (error) => notifyError(error, orgId),
    }),
  );
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: `The invitation to ${revoking?.email} was revoked.` });
        setRevoking(null);
      },
    }),
  );

  if (invitations.isPending) return <Loader aria-label="Loading invitations" />;
  if (invitations.isError) return <LoadError title="Could not load invitations" error={invitations.error} onRetry={() => void invitations.refetch()} />;

  const rows = invitations.data.filter((i) => !invitationStatus || i.status === invitationStatus);
  const open = (i: Invitation) => i.status === "pending" || i.status === "expired";

  return (
    <Stack gap="md">
      <Group>
        <Select
          aria-label="Filter invitations by status"
          placeholder="Any status"
          clearable
          w={200}
          value={invitationStatus ?? null}
          data={Object.entries(STATUS).map(([value, { label }]) => ({ value, label }))}
          onChange={(value) =>
            navigate({ search: (prev) => ({ ...prev, invitationStatus: (value ?? undefined) as TMemberSearch["invitationStatus"] }), replace: true })
          }
        />
        <Text size="sm" c="dimmed" aria-live="polite">{formatNumber(rows.length)} of {formatNumber(invitations.data.length)} shown</Text>
      </Group>
      <Paper withBorder>
        <DataTable
          label="Invitations"
          urlKey="invitations"
          columns={COLUMNS}
          data={rows}
          empty="No invitations here yet."
          actionsWidth={170}
          rowActions={(i) =>
            open(i) && (
              <Group gap="xs" wrap="nowrap">
                {access.can("members:resend_invitation") && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    aria-label={`Resend invitation to ${i.email}`}
                    loading={resend.isPending && resend.variables.invitationId === i.id}
                    onClick={() => resend.mutate({ orgId, invitationId: i.id })}
                  >
                    Resend
                  </Button>
                )}
                {access.can("members:revoke_invitation") && (
                  <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke invitation to ${i.email}`} onClick={() => setRevoking(i)}>
                    Revoke
                  </Button>
                )}
              </Group>
            )
          }
        />
      </Paper>
      {revoking && (
        <ConfirmModal
          title={`Revoke the invitation to ${revoking.email}?`}
          confirmLabel="Revoke invitation"
          mutation={revoke}
          onConfirm={() => revoke.mutate({ orgId, invitationId: revoking.id })}
          onClose={() => setRevoking(null)}
        >
          The link in the e-mail stops working. You can invite them again later.
        </ConfirmModal>
      )}
    </Stack>
  );
}
