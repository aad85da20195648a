import { errorMessage } from "@atrium/ui";
import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { moveTargets, pathOf, visibleRootOf } from "./hierarchy.ts";
import { refreshHierarchy } from "./refresh.ts";
import type { HierarchyNode } from "./types.ts";

/** Moves an organization (with everything beneath it) under another one of the same tree. */
export function MoveOrgModal({ node, onClose }: { node: HierarchyNode; onClose(): void }) {
  const { data: myOrgs = [] } = useQuery(trpc.org.list.queryOptions());
  const rootId = visibleRootOf(myOrgs, node.id);
  const tree = useQuery(trpc.org.hierarchy.queryOptions({ orgId: rootId }));
  const [parentId, setParentId] = useState<string | null>(null);
  const nodes = tree.data ?? [];
  const options = moveTargets(nodes, node).map((t) => ({ value: t.id, label: pathOf(nodes, t.id) }));
  const move = useMutation(
    trpc.org.move.mutationOptions({
      onSuccess: async () => {
        await refreshHierarchy();
        const target = nodes.find((n) => n.id === parentId);
        notifications.show({ color: "green", message: `${node.name} now sits under ${target?.name ?? "its new parent"}.` });
        onClose();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (parentId) move.mutate({ orgId: node.id, newParentId: parentId });
  }

  return (
    <Modal opened onClose={onClose} title={`Move ${node.name}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">
            Currently under <Text span fw={600}>{node.parentId ? pathOf(nodes, node.parentId) || "its parent" : "nothing (top level)"}</Text>.
            Everything beneath {node.name} moves with it.
          </Text>
          {tree.isError && <Alert color="red" role="alert">{errorMessage(tree.error)}</Alert>}
          <Select
            label="New parent"
            placeholder={tree.isPending ? "Loading organizations…" : "Choose an organization"}
            searchable
            required
            nothingFoundMessage="No organization can take it"
            value={parentId}
            data={options}
            onChange={setParentId}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            Roles inherited from the old parent stop applying in {node.name}; roles of the new parent apply if it passes them down.
            You need to be allowed to create organizations under the new parent.
          </Text>
          <MutationError error={move.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={move.isPending} disabled={!parentId}>Move organization</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
