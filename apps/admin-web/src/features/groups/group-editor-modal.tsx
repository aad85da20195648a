import { FormModal, useZodForm } from "@atrium/ui";
import { MultiSelect, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import type { Group } from "./types.ts";

/** The largest page of members the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;

/** What the form checks first; the server checks that every member belongs to the organization. */
const ZGroupForm = z.object({
  name: z.string().trim().min(1, "Name the group.").max(200),
  description: z.string().max(500),
  memberIds: z.array(z.string()),
});

/** Creates a group, or edits one's name, description and members. */
export function GroupEditorModal({ orgId, group, onClose }: { orgId: string; group: Group | null; onClose(): void }) {
  const members = useQuery(trpc.members.list.queryOptions({ orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name" }));
  const onSuccess = async (_data: unknown, input: { name: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey() });
    notifications.show({ color: "green", message: group ? `${input.name} was updated.` : `${input.name} was created.` });
    onClose();
  };
  const create = useMutation(trpc.groups.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.groups.update.mutationOptions({ onSuccess }));
  const save = group ? update : create;
  const form = useZodForm(
    ZGroupForm,
    { name: group?.name ?? "", description: group?.description ?? "", memberIds: group?.members.map((m) => m.id) ?? [] },
    save.error,
  );
  // Members already in the group stay choosable even beyond the first page of members.
  const options = [
    ...(members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
    ...(group?.members ?? []).filter((m) => !members.data?.rows.some((r) => r.userId === m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
  ];

  return (
    <FormModal
      title={group ? `Edit ${group.name}` : "New group"}
      size="lg"
      form={form}
      onSubmit={(values) => {
        const input = { orgId, name: values.name.trim(), description: values.description.trim(), memberIds: values.memberIds };
        if (group) update.mutate({ ...input, groupId: group.id });
        else create.mutate(input);
      }}
      onClose={onClose}
      submitLabel={group ? "Save group" : "Create group"}
      mutation={save}
    >
      <TextInput label="Name" required maxLength={200} data-autofocus {...form.getInputProps("name")} />
      <Textarea label="Description" maxLength={500} autosize minRows={2} {...form.getInputProps("description")} />
      <MultiSelect
        label="Members"
        placeholder={members.isPending ? "Loading members…" : "Search by name or e-mail"}
        searchable
        clearable
        hidePickedOptions
        nothingFoundMessage="No member matches"
        maxDropdownHeight={220}
        // The list opens above the field and never flips below it, where it would lie over
        // the modal's Cancel and Create buttons while it stays open after each pick.
        comboboxProps={{ position: "top", middlewares: { flip: false, shift: true } }}
        data={options}
        {...form.getInputProps("memberIds")}
      />
    </FormModal>
  );
}
