import { EmptyRow } from "../../lib/empty-row.tsx";
import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { notifyError } from "../../lib/notify-error.tsx";
import { membersRoute } from "../../routes/router.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import type { TMemberSearch } from "../members/search.ts";
import { roleLabel } from "../roles/role-label.ts";
import type { Invitation, InvitationStatus } from "./types.ts";

const STATUS: Record<InvitationStatus, { label: string; color: string }> = {
  pending: { label: "Pending", color: "blue" },
  expired: { label: "Expired", color: "orange" },
  accepted: { label: "Accepted", color: "green" },
  declined: { label: "Declined", color: "gray" },
  revoked: { label: "Revoked", color: "red" },
};

const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });

/** Every invitation of the organization, newest first, with resend and revoke for open ones. */
export function InvitationsList({ orgId }: { orgId: string }) {
  const { invitationStatus } = membersRoute.useSearch();
  const navigate = useNavigate({ from: membersRoute.fullPath });
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
  if (invitations.isError) return <Alert color="red" role="alert" title="Could not load invitations">{errorMessage(invitations.error)}</Alert>;

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
        <Text size="sm" c="dimmed" aria-live="polite">{rows.length} of {invitations.data.length} shown</Text>
      </Group>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760} type="native">
          <Table striped verticalSpacing="sm" aria-label="Invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Invited by</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && <EmptyRow colSpan={6}>No invitations here yet.</EmptyRow>}
              {rows.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td><Text size="sm">{i.email}</Text></Table.Td>
                  <Table.Td><Text size="sm">{roleLabel(i.role)}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={STATUS[i.status].color}>{STATUS[i.status].label}</Badge></Table.Td>
                  <Table.Td><Text size="sm">{i.invitedBy ?? "—"}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.expiresAt.toLocaleDateString()}</Text>
                    <Text size="xs" c="dimmed">Sent {i.sentCount} time{i.sentCount === 1 ? "" : "s"}, last {i.lastSentAt.toLocaleDateString()}</Text>
                  </Table.Td>
                  <Table.Td>
                    {open(i) && (
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
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {revoking && (
        <ConfirmModal
          title={`Revoke the invitation to ${revoking.email}?`}
          confirmLabel="Revoke invitation"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ orgId, invitationId: revoking.id })}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        >
          The link in the e-mail stops working. You can invite them again later.
        </ConfirmModal>
      )}
    </Stack>
  );
}
