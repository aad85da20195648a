import { Button, Group, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import type { Workspace } from "./types.ts";

type Visibility = Workspace["visibility"];

/** Renames a workspace, changes its visibility, archives or restores it (workspaces:update). */
export function WorkspaceForm({ orgId, workspace }: { orgId: string; workspace: Workspace }) {
  const [name, setName] = useState(workspace.name);
  const [description, setDescription] = useState(workspace.description);
  const [visibility, setVisibility] = useState<Visibility>(workspace.visibility);
  const update = useMutation(
    trpc.workspaces.update.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        const what = input.archived === undefined ? "was saved" : input.archived ? "was archived" : "was restored";
        notifications.show({ color: "green", message: `${input.name ?? workspace.name} ${what}.` });
      },
    }),
  );
  const changed = name.trim() !== workspace.name || description.trim() !== workspace.description || visibility !== workspace.visibility;

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ orgId, workspaceId: workspace.id, name: name.trim(), description: description.trim(), visibility });
  }

  return (
    <form onSubmit={submit} aria-label="Workspace settings">
      <Stack gap="sm">
        <Title order={3} size="h5">Settings</Title>
        <MutationError error={update.error} />
        <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Textarea label="Description" maxLength={1000} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <div>
          <Text size="sm" fw={500} id="visibility-label">Visibility</Text>
          <SegmentedControl
            aria-labelledby="visibility-label"
            value={visibility}
            onChange={(value) => setVisibility(value as Visibility)}
            data={[
              { value: "organization", label: "Organization" },
              { value: "private", label: "Private" },
            ]}
          />
        </div>
        <Group justify="space-between">
          <Button
            variant="subtle"
            color={workspace.archived ? undefined : "red"}
            loading={update.isPending && update.variables.archived !== undefined}
            onClick={() => update.mutate({ orgId, workspaceId: workspace.id, archived: !workspace.archived })}
          >
            {workspace.archived ? "Restore workspace" : "Archive workspace"}
          </Button>
          <Button type="submit" loading={update.isPending && update.variables.archived === undefined} disabled={!changed || name.trim() === ""}>
            Save workspace
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
