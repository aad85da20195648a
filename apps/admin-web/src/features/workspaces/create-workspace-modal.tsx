import { FormModal, useZodForm } from "@atrium/ui";
import { Radio, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";
import { ZWorkspaceForm } from "./workspace-schema.ts";

/** Creates a workspace; the creator of a private one keeps access to it through a grant. */
export function CreateWorkspaceModal({ orgId, onClose, onCreated }: { orgId: string; onClose(): void; onCreated(id: string): void }) {
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async ({ id }, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        notifications.show({ color: "green", message: `${input.name} was created.` });
        onCreated(id);
      },
    }),
  );
  const form = useZodForm(ZWorkspaceForm, { name: "", description: "", visibility: "organization" }, create.error);

  return (
    <FormModal
      title="New workspace"
      form={form}
      onSubmit={(values) => create.mutate({ orgId, name: values.name.trim(), description: values.description.trim(), visibility: values.visibility })}
      onClose={onClose}
      submitLabel="Create workspace"
      mutation={create}
    >
      <TextInput label="Name" required maxLength={200} data-autofocus {...form.getInputProps("name")} />
      <Textarea label="Description" maxLength={1000} autosize minRows={2} {...form.getInputProps("description")} />
      <Radio.Group label="Visibility" {...form.getInputProps("visibility")}>
        <Stack gap="xs" mt={6}>
          <Radio value="organization" label="Organization" description="Everyone in the organization who can see workspaces can open it." />
          <Radio value="private" label="Private" description="Only you, and the people and groups you give access to." />
        </Stack>
      </Radio.Group>
    </FormModal>
  );
}
