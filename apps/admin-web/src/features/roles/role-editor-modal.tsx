import { isPermission } from "@atrium/rbac";
import { FormModal, useZodForm } from "@atrium/ui";
import { Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { conditionProblem } from "./conditions.ts";
import { ConditionsEditor } from "./conditions-editor.tsx";
import { PermissionDiff } from "./permission-diff.tsx";
import { PermissionPicker } from "./permission-picker.tsx";
import { useProductPermissions } from "./product-permissions.ts";
import type { Condition, RoleRow } from "./types.ts";

const refreshRoles = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.roles.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.access.mine.queryKey() }),
  ]);

/** What the form checks first; the server checks that the editor holds every permission, and the plan. */
const ZRoleForm = z.object({
  name: z.string().trim().min(1, "Name the role.").max(100),
  description: z.string().max(500),
  permissions: z.array(z.string()).min(1, "Choose at least one permission."),
  conditions: z.custom<Condition[]>().superRefine((conditions, ctx) => {
    const problem = conditionProblem(conditions);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/** A field's error under a block that is not an input (the permission picker, the conditions). */
function BlockError({ error }: { error: unknown }) {
  return typeof error === "string" ? <Text size="sm" c="red" role="alert">{error}</Text> : null;
}

/** Creates a custom role, or edits one (showing what the edit adds and removes). */
export function RoleEditorModal({ orgId, role, onClose }: { orgId: string; role: RoleRow | null; onClose(): void }) {
  const access = useMyAccess(orgId);
  const products = useProductPermissions(orgId);
  const holds = (p: string) => (isPermission(p) ? access.can(p) : products.holds(p));
  const before = useMemo(() => new Set<string>(role?.permissions ?? []), [role]);
  const onSuccess = async (saved: { name: string }) => {
    await refreshRoles();
    notifications.show({ color: "green", message: role ? `${saved.name} was updated.` : `${saved.name} was created.` });
    onClose();
  };
  const create = useMutation(trpc.roles.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.roles.update.mutationOptions({ onSuccess }));
  const save = role ? update : create;
  const form = useZodForm(
    ZRoleForm,
    { name: role?.name ?? "", description: role?.description ?? "", permissions: role?.permissions ?? [], conditions: role?.conditions ?? [] },
    save.error,
  );
  const values = form.getValues();
  const permissions = new Set(values.permissions);

  return (
    <FormModal
      title={role ? `Edit ${role.name}` : "New role"}
      size="xl"
      form={form}
      onSubmit={(v) => {
        const input = { orgId, name: v.name.trim(), description: v.description.trim(), permissions: v.permissions, conditions: v.conditions };
        if (role) update.mutate({ ...input, roleId: role.key });
        else create.mutate(input);
      }}
      onClose={onClose}
      submitLabel={role ? "Save changes" : "Create role"}
      mutation={save}
    >
      <TextInput label="Name" required maxLength={100} data-autofocus {...form.getInputProps("name")} />
      <Textarea label="Description" maxLength={500} autosize minRows={2} {...form.getInputProps("description")} />
      <div>
        <Title order={3} size="h5">Permissions</Title>
        <Text size="sm" c="dimmed">{permissions.size} selected. You can grant only permissions you hold yourself.</Text>
        <BlockError error={form.errors.permissions} />
      </div>
      <PermissionPicker value={permissions} onChange={(next) => form.setFieldValue("permissions", [...next])} holds={holds} products={products.groups} />
      <div>
        <Title order={3} size="h5">Conditions</Title>
        <Text size="sm" c="dimmed">Optional. The role applies only while every condition holds.</Text>
        <BlockError error={form.errors.conditions} />
      </div>
      <ConditionsEditor value={values.conditions} onChange={(next) => form.setFieldValue("conditions", next)} />
      {role && <PermissionDiff before={before} after={permissions} products={products} />}
    </FormModal>
  );
}
