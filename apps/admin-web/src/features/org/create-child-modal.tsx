import { FormModal, REGION_LABELS, useZodForm } from "@atrium/ui";
import { Select, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import type { HierarchyNode } from "./types.ts";

const slugify = (name: string) =>
  name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);

type Region = keyof typeof REGION_LABELS;
const REGIONS = Object.keys(REGION_LABELS) as [Region, ...Region[]];

/** What the form checks first; the server checks the slug's shape and that it is free. */
const ZCreateChildForm = z.object({
  name: z.string().trim().min(1).max(200),
  slug: z.string().trim().min(1).max(63),
  region: z.enum(REGIONS),
});

/** Creates an organization under `parent`; the slug follows the name until it is edited. */
export function CreateChildModal({
  parent,
  onClose,
  onCreated,
}: {
  parent: HierarchyNode;
  onClose(): void;
  onCreated(child: { id: string; parentId: string | null }): void;
}) {
  const [slugEdited, setSlugEdited] = useState(false);
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
  const form = useZodForm(ZCreateChildForm, { name: "", slug: "", region: parent.region }, create.error);
  const nameInput = form.getInputProps("name");
  const slugInput = form.getInputProps("slug");

  return (
    <FormModal
      title={`New organization under ${parent.name}`}
      form={form}
      onSubmit={(values) => create.mutate({ orgId: parent.id, name: values.name.trim(), slug: values.slug.trim(), region: values.region })}
      onClose={onClose}
      submitLabel="Create organization"
      mutation={create}
    >
      <TextInput
        label="Name"
        required
        maxLength={200}
        data-autofocus
        {...nameInput}
        onChange={(e) => {
          const name = e.currentTarget.value;
          form.setFieldValue("name", name);
          if (!slugEdited) form.setFieldValue("slug", slugify(name));
        }}
      />
      <TextInput
        label="Slug"
        description="Lowercase letters, digits and hyphens; unique across Atrium"
        required
        {...slugInput}
        onChange={(e) => {
          setSlugEdited(true);
          form.setFieldValue("slug", e.currentTarget.value);
        }}
      />
      <Select
        label="Data region"
        allowDeselect={false}
        data={Object.entries(REGION_LABELS).map(([value, label]) => ({ value, label }))}
        {...form.getInputProps("region")}
      />
    </FormModal>
  );
}
