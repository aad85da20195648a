import { EmptyRow } from "../../lib/empty-row.tsx";
import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group as Row, Loader, Paper, Stack, Table, Text, Tooltip } from "@mantine/core";
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
  if (groups.isError) return <Alert color="red" role="alert" title="Could not load groups">{errorMessage(groups.error)}</Alert>;

  return (
    <Stack gap="md">
      <Row justify="space-between">
        <Text size="sm" c="dimmed">A grant to a group applies to everyone in it.</Text>
        {canManage && <Button onClick={() => setEditing({ group: null })}>New group</Button>}
      </Row>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720} type="native">
          <Table verticalSpacing="sm" aria-label="Groups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Members</Table.Th>
                {canManage && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.data.length === 0 && <EmptyRow colSpan={4}>No groups yet.</EmptyRow>}
              {groups.data.map((g) => {
                const scim = g.source === "scim";
                return (
                  <Table.Tr key={g.id}>
                    <Table.Td maw={320}>
                      <Text size="sm" fw={600}>{g.name}</Text>
                      <Text size="xs" c="dimmed" lineClamp={2}>{g.description || "No description"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={scim ? "cyan" : "gray"}>{scim ? "Identity provider (SCIM)" : "Managed here"}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{g.members.length} member{g.members.length === 1 ? "" : "s"}</Text>
                      {g.members.length > 0 && <Text size="xs" c="dimmed">{names(g)}</Text>}
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <Tooltip label="Change it in your identity provider" disabled={!scim}>
                          <Row gap="xs" wrap="nowrap">
                            <Button size="compact-sm" variant="light" disabled={scim} aria-label={`Edit ${g.name}`} onClick={() => setEditing({ group: g })}>Edit</Button>
                            <Button size="compact-sm" variant="subtle" color="red" disabled={scim} aria-label={`Delete ${g.name}`} onClick={() => setDeleting(g)}>Delete</Button>
                          </Row>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {editing && <GroupEditorModal orgId={orgId} group={editing.group} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmModal
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete group"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ orgId, groupId: deleting.id })}
          onClose={() => {
            remove.reset();
            setDeleting(null);
          }}
        >
          The group and every access grant made to it are removed. Its members keep access they have in other ways.
        </ConfirmModal>
      )}
    </Stack>
  );
}
