import { useZodForm, ZodForm } from "@atrium/ui";
import { Button, Group, SegmentedControl, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";
import type { Workspace } from "./types.ts";
import { ZWorkspaceForm } from "./workspace-schema.ts";

type Visibility = Workspace["visibility"];

/** Renames a workspace, changes its visibility, archives or restores it (workspaces:update). */
export function WorkspaceForm({ orgId, workspace }: { orgId: string; workspace: Workspace }) {
  const update = useMutation(
    trpc.workspaces.update.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        const what = input.archived === undefined ? "was saved" : input.archived ? "was archived" : "was restored";
        notifications.show({ color: "green", message: `${input.name ?? workspace.name} ${what}.` });
      },
    }),
  );
  const form = useZodForm(ZWorkspaceForm, { name: workspace.name, description: workspace.description, visibility: workspace.visibility }, update.error);
  const { name, description, visibility } = form.values;
  const changed = name.trim() !== workspace.name || description.trim() !== workspace.description || visibility !== workspace.visibility;

  return (
    <ZodForm
      form={form}
      error={update.error}
      label="Workspace settings"
      onSubmit={(v) => update.mutate({ orgId, workspaceId: workspace.id, name: v.name.trim(), description: v.description.trim(), visibility: v.visibility })}
    >
        <Title order={3} size="h5">Settings</Title>
        <TextInput label="Name" required maxLength={200} {...form.getInputProps("name")} />
        <Textarea label="Description" maxLength={1000} autosize minRows={2} {...form.getInputProps("description")} />
        <div>
          <Text size="sm" fw={500} id="visibility-label">Visibility</Text>
          <SegmentedControl
            aria-labelledby="visibility-label"
            value={visibility}
            onChange={(value) => form.setFieldValue("visibility", value as Visibility)}
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
          <Button type="submit" loading={update.isPending && update.variables.archived === undefined} disabled={!changed}>
            Save workspace
          </Button>
        </Group>
    </ZodForm>
  );
}
