import { errorMessage, FormModal, useZodForm } from "@atrium/ui";
import { Alert, Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { moveTargets, pathOf, visibleRootOf } from "./hierarchy.ts";
import { refreshHierarchy } from "./refresh.ts";
import type { HierarchyNode } from "./types.ts";

/** The new parent; the server checks it is in the same tree, not beneath the moved one, and allowed. */
const ZMoveOrgForm = z.object({ parentId: z.string().min(1, "Choose the new parent.") });

/** Moves an organization (with everything beneath it) under another one of the same tree. */
export function MoveOrgModal({ node, onClose }: { node: HierarchyNode; onClose(): void }) {
  const { data: myOrgs = [] } = useQuery(trpc.org.list.queryOptions());
  const rootId = visibleRootOf(myOrgs, node.id);
  const tree = useQuery(trpc.org.hierarchy.queryOptions({ orgId: rootId }));
  const nodes = tree.data ?? [];
  const options = moveTargets(nodes, node).map((t) => ({ value: t.id, label: pathOf(nodes, t.id) }));
  const move = useMutation(
    trpc.org.move.mutationOptions({
      onSuccess: async (_data, input) => {
        await refreshHierarchy();
        const target = nodes.find((n) => n.id === input.newParentId);
        notifications.show({ color: "green", message: `${node.name} now sits under ${target?.name ?? "its new parent"}.` });
        onClose();
      },
    }),
  );
  const form = useZodForm(ZMoveOrgForm, { parentId: "" }, move.error);

  return (
    <FormModal
      title={`Move ${node.name}`}
      form={form}
      onSubmit={(values) => move.mutate({ orgId: node.id, newParentId: values.parentId })}
      onClose={onClose}
      submitLabel="Move organization"
      pending={move.isPending}
      submitDisabled={!form.getValues().parentId}
      error={move.error}
    >
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
        data={options}
        data-autofocus
        {...form.getInputProps("parentId")}
        value={form.getValues().parentId || null}
        onChange={(value) => form.setFieldValue("parentId", value ?? "")}
      />
      <Text size="xs" c="dimmed">
        Roles inherited from the old parent stop applying in {node.name}; roles of the new parent apply if it passes them down.
        You need to be allowed to create organizations under the new parent.
      </Text>
    </FormModal>
  );
}
