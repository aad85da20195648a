import { ConfirmModal, DataTable, formatCount, LoadError, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group as Row, Loader, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { GroupEditorModal } from "./group-editor-modal.tsx";
import type { Group } from "./types.ts";

const names = (g: Group) => {
  const shown = g.members.slice(0, 3).map((m) => m.name).join(", ");
  return g.members.length > 3 ? `${shown} and ${g.members.length - 3} more` : shown;
};

const COLUMNS: DataColumn<Group>[] = [
  {
    id: "group",
    header: "Group",
    sortable: true,
    width: "34%",
    value: (g) => g.name,
    cell: (g) => (
      <>
        <TruncatedText text={g.name} fw={600} />
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>{g.description || "No description"}</Text>
      </>
    ),
  },
  {
    id: "source",
    header: "Source",
    sortable: true,
    value: (g) => g.source,
    cell: (g) => (
      <Badge variant="light" color={g.source === "scim" ? "cyan" : "gray"} maw="100%">{g.source === "scim" ? "Identity provider (SCIM)" : "Managed here"}</Badge>
    ),
  },
  {
    id: "members",
    header: "Members",
    sortable: true,
    value: (g) => g.members.length,
    cell: (g) => (
      <>
        <TruncatedText text={formatCount(g.members.length, "member")} />
        {g.members.length > 0 && <TruncatedText size="xs" c="dimmed" text={names(g)} />}
      </>
    ),
  },
];

/** Groups of members that grants can name; groups provisioned by SCIM are read-only here. */
export function GroupsList({ orgId }: { orgId: string }) {
  const access = useMyAccess(orgId);
  const groups = useQuery(trpc.groups.list.queryOptions({ orgId }));
  const [editing, setEditing] = useState<{ group: Group | null } | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const remove = useMutation(
    trpc.groups.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey() });
        notifications.show({ color: "green", message: `${deleting?.name} was deleted.` });
        setDeleting(null);
      },
    }),
  );
  const canManage = access.can("members:bulk_manage");

  if (groups.isPending) return <Loader aria-label="Loading groups" />;
  if (groups.isError) return <LoadError title="Could not load groups" error={groups.error} onRetry={() => void groups.refetch()} />;

  return (
    <Stack gap="md">
      <Row justify="space-between">
        <Text size="sm" c="dimmed">A grant to a group applies to everyone in it.</Text>
        {canManage && <Button onClick={() => setEditing({ group: null })}>New group</Button>}
      </Row>
      <Paper withBorder>
        <DataTable
          label="Groups"
          urlKey="groups"
          columns={COLUMNS}
          data={groups.data}
          empty="No groups yet."
          actionsWidth={150}
          rowActions={
            canManage
              ? (g) => {
                  const scim = g.source === "scim";
                  return (
                    <Tooltip label="Change it in your identity provider" disabled={!scim}>
                      <Row gap="xs" wrap="nowrap">
                        <Button size="compact-sm" variant="light" disabled={scim} aria-label={`Edit ${g.name}`} onClick={() => setEditing({ group: g })}>Edit</Button>
                        <Button size="compact-sm" variant="subtle" color="red" disabled={scim} aria-label={`Delete ${g.name}`} onClick={() => setDeleting(g)}>Delete</Button>
                      </Row>
                    </Tooltip>
                  );
                }
              : undefined
          }
        />
      </Paper>
      {editing && <GroupEditorModal orgId={orgId} group={editing.group} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmModal
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete group"
          mutation={remove}
          onConfirm={() => remove.mutate({ orgId, groupId: deleting.id })}
          onClose={() => setDeleting(null)}
        >
          The group and every access grant made to it are removed. Its members keep access they have in other ways.
        </ConfirmModal>
      )}
    </Stack>
  );
}
