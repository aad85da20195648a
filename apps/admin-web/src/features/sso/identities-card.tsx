import type { AppRouter } from "@atrium/api";
import { ConfirmModal, type DataColumn, DataTable, formatDate, SectionCard, TruncatedText } from "@atrium/ui";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";

type Identity = inferRouterOutputs<AppRouter>["sso"]["identities"]["list"][number];

const COLUMNS: DataColumn<Identity>[] = [
  {
    id: "person",
    header: "Person",
    sortable: true,
    width: "32%",
    value: (link) => link.user.name,
    cell: (link) => (
      <>
        <TruncatedText text={link.user.name} fw={600} />
        <TruncatedText text={link.user.email} size="xs" c="dimmed" />
      </>
    ),
  },
  { id: "subject", header: "IdP subject", width: "28%", value: (link) => link.subject, cell: (link) => <TruncatedText text={link.subject} ff="monospace" /> },
  { id: "linked", header: "Linked", sortable: true, value: (link) => link.createdAt, cell: (link) => formatDate(link.createdAt) },
  { id: "lastLogin", header: "Last sign-in", sortable: true, value: (link) => link.lastLoginAt },
];

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
    <SectionCard
      title="Linked identities"
      description="Each IdP account is linked to one Atrium account at its first sign-in, and signs in only to that account afterwards — even if its e-mail changes at the IdP. Another IdP account claiming a linked person's e-mail is refused."
      gap="sm"
    >
      <DataTable
        label="Linked identities"
        urlKey="identities"
        columns={COLUMNS}
        query={identities}
        empty="No one has signed in through this connection yet."
        actionsWidth={130}
        rowActions={
          canEdit
            ? (link) => (
                <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving({ id: link.id, subject: link.subject, email: link.user.email })}>
                  Remove link
                </Button>
              )
            : undefined
        }
      />
      {removing && (
        <ConfirmModal
          title="Remove this link?"
          confirmLabel="Remove link"
          mutation={remove}
          onClose={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ orgId, connectionId, identityId: removing.id })}
        >
          {`The IdP subject ${removing.subject} will no longer be tied to ${removing.email}. Its next sign-in is matched by its verified e-mail again and linked afresh.`}
        </ConfirmModal>
      )}
    </SectionCard>
  );
}
