import { Button, Group, Modal, Radio, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

type Visibility = "organization" | "private";

/** Creates a workspace; the creator of a private one keeps access to it through a grant. */
export function CreateWorkspaceModal({ orgId, onClose, onCreated }: { orgId: string; onClose(): void; onCreated(id: string): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("organization");
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        notifications.show({ color: "green", message: `${name.trim()} was created.` });
        onCreated(id);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ orgId, name: name.trim(), description: description.trim(), visibility });
  }

  return (
    <Modal opened onClose={onClose} title="New workspace" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" maxLength={1000} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Radio.Group label="Visibility" value={visibility} onChange={(value) => setVisibility(value as Visibility)}>
            <Stack gap="xs" mt={6}>
              <Radio value="organization" label="Organization" description="Everyone in the organization who can see workspaces can open it." />
              <Radio value="private" label="Private" description="Only you, and the people and groups you give access to." />
            </Stack>
          </Radio.Group>
          <MutationError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={create.isPending} disabled={name.trim() === ""}>Create workspace</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
