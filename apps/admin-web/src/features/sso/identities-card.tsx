import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Button, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { queryClient, trpc } from "../../lib/api.ts";

/**
 * Who signed in through this connection: each IdP subject is linked to one account at its
 * first sign-in and reaches only that account afterwards. Removing a link lets the subject's
 * next sign-in be matched by its verified e-mail again (how an "identity_conflict" is resolved).
 */
export function IdentitiesCard({ orgId, connectionId, canEdit }: { orgId: string; connectionId: string; canEdit: boolean }) {
  const identities = useQuery(trpc.sso.identities.list.queryOptions({ orgId, connectionId }));
  const [removing, setRemoving] = useState<{ id: string; subject: string; email: string } | null>(null);
  const remove = useMutation(
    trpc.sso.identities.remove.mutationOptions({
      onSuccess: async () => {
        setRemoving(null);
        await queryClient.invalidateQueries({ queryKey: trpc.sso.identities.list.queryKey() });
        notifications.show({ color: "green", message: "Link removed." });
      },
    }),
  );

  return (
    <Paper withBorder p="lg" component="section" aria-label="Linked identities">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">Linked identities</Title>
          <Text size="sm" c="dimmed">
            Each IdP account is linked to one Atrium account at its first sign-in, and signs in only to that account afterwards — even if
            its e-mail changes at the IdP. Another IdP account claiming a linked person's e-mail is refused.
          </Text>
        </div>
        {identities.isError && <Alert color="red" role="alert">{errorMessage(identities.error)}</Alert>}
        <Table verticalSpacing="xs" aria-label="Linked identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>IdP subject</Table.Th>
              <Table.Th>Linked</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              {canEdit && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {identities.data?.length === 0 && <EmptyRow colSpan={canEdit ? 5 : 4}>No one has signed in through this connection yet.</EmptyRow>}
            {identities.data?.map((link) => (
              <Table.Tr key={link.id}>
                <Table.Td>
                  <Text size="sm" fw={600} truncate="end" maw={260}>{link.user.name}</Text>
                  <Text size="xs" c="dimmed" truncate="end" maw={260}>{link.user.email}</Text>
                </Table.Td>
                <Table.Td><Text size="sm" ff="monospace" truncate="end" maw={260} title={link.subject}>{link.subject}</Text></Table.Td>
                <Table.Td>{link.createdAt.toLocaleDateString()}</Table.Td>
                <Table.Td>{link.lastLoginAt.toLocaleString()}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving({ id: link.id, subject: link.subject, email: link.user.email })}>
                      Remove link
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {removing && (
        <ConfirmModal
          title="Remove this link?"
          confirmLabel="Remove link"
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ orgId, connectionId, identityId: removing.id })}
        >
          {`The IdP subject ${removing.subject} will no longer be tied to ${removing.email}. Its next sign-in is matched by its verified e-mail again and linked afresh.`}
        </ConfirmModal>
      )}
    </Paper>
  );
}
