import { Button, Group as Row, Modal, MultiSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import type { Group } from "./types.ts";

/** The largest page of members the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;

/** Creates a group, or edits one's name, description and members. */
export function GroupEditorModal({ orgId, group, onClose }: { orgId: string; group: Group | null; onClose(): void }) {
  const members = useQuery(trpc.members.list.queryOptions({ orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name" }));
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [memberIds, setMemberIds] = useState<string[]>(group?.members.map((m) => m.id) ?? []);
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey() });
    notifications.show({ color: "green", message: group ? `${name.trim()} was updated.` : `${name.trim()} was created.` });
    onClose();
  };
  const create = useMutation(trpc.groups.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.groups.update.mutationOptions({ onSuccess }));
  const save = group ? update : create;
  // Members already in the group stay choosable even beyond the first page of members.
  const options = [
    ...(members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
    ...(group?.members ?? []).filter((m) => !members.data?.rows.some((r) => r.userId === m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
  ];

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { orgId, name: name.trim(), description: description.trim(), memberIds };
    if (group) update.mutate({ ...input, groupId: group.id });
    else create.mutate(input);
  }

  return (
    <Modal opened onClose={onClose} title={group ? `Edit ${group.name}` : "New group"} centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" maxLength={500} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <MultiSelect
            label="Members"
            placeholder={members.isPending ? "Loading members…" : "Search by name or e-mail"}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage="No member matches"
            maxDropdownHeight={260}
            value={memberIds}
            data={options}
            onChange={setMemberIds}
          />
          <MutationError error={save.error} />
          <Row justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={name.trim() === ""}>{group ? "Save group" : "Create group"}</Button>
          </Row>
        </Stack>
      </form>
    </Modal>
  );
}
