import { REGION_LABELS } from "@atrium/ui";
import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import type { HierarchyNode } from "./types.ts";

const slugify = (name: string) =>
  name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);

type Region = keyof typeof REGION_LABELS;

export function CreateChildModal({
  parent,
  onClose,
  onCreated,
}: {
  parent: HierarchyNode;
  onClose(): void;
  onCreated(child: { id: string; parentId: string | null }): void;
}) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [region, setRegion] = useState<Region>(parent.region);
  const create = useMutation(
    trpc.org.createChild.mutationOptions({
      onSuccess: async (child) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.org.hierarchy.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.org.list.queryKey() }),
        ]);
        notifications.show({ color: "green", message: `${child.name} was created under ${parent.name}.` });
        onCreated(child);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ orgId: parent.id, name, slug: slug ?? slugify(name), region });
  }

  return (
    <Modal opened onClose={onClose} title={`New organization under ${parent.name}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <MutationError error={create.error} />
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput
            label="Slug"
            description="Lowercase letters, digits and hyphens; unique across Atrium"
            required
            value={slug ?? slugify(name)}
            onChange={(e) => setSlug(e.currentTarget.value)}
          />
          <Select
            label="Data region"
            allowDeselect={false}
            value={region}
            onChange={(value) => value && setRegion(value as Region)}
            data={Object.entries(REGION_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Create organization</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
