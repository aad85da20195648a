import { fieldError } from "@atrium/ui";
import { isPermission } from "@atrium/rbac";
import { Button, Group, Modal, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
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

/** Creates a custom role, or edits one (showing what the edit adds and removes). */
export function RoleEditorModal({ orgId, role, onClose }: { orgId: string; role: RoleRow | null; onClose(): void }) {
  const access = useMyAccess(orgId);
  const products = useProductPermissions(orgId);
  const holds = (p: string) => (isPermission(p) ? access.can(p) : products.holds(p));
  const before = useMemo(() => new Set<string>(role?.permissions ?? []), [role]);
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [permissions, setPermissions] = useState<ReadonlySet<string>>(before);
  const [conditions, setConditions] = useState<Condition[]>(role?.conditions ?? []);
  const onSuccess = async (saved: { name: string }) => {
    await refreshRoles();
    notifications.show({ color: "green", message: role ? `${saved.name} was updated.` : `${saved.name} was created.` });
    onClose();
  };
  const create = useMutation(trpc.roles.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.roles.update.mutationOptions({ onSuccess }));
  const save = role ? update : create;
  const problem = permissions.size === 0 ? "Choose at least one permission." : conditionProblem(conditions);

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { orgId, name: name.trim(), description: description.trim(), permissions: [...permissions], conditions };
    if (role) update.mutate({ ...input, roleId: role.key });
    else create.mutate(input);
  }

  return (
    <Modal opened onClose={onClose} title={role ? `Edit ${role.name}` : "New role"} size="xl" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required maxLength={100} error={fieldError(save.error, "name")} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" maxLength={500} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <div>
            <Title order={3} size="h5">Permissions</Title>
            <Text size="sm" c="dimmed">{permissions.size} selected. You can grant only permissions you hold yourself.</Text>
          </div>
          <PermissionPicker value={permissions} onChange={setPermissions} holds={holds} products={products.groups} />
          <div>
            <Title order={3} size="h5">Conditions</Title>
            <Text size="sm" c="dimmed">Optional. The role applies only while every condition holds.</Text>
          </div>
          <ConditionsEditor value={conditions} onChange={setConditions} />
          {role && <PermissionDiff before={before} after={permissions} products={products} />}
          <MutationError error={save.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{problem}</Text>
            <Group>
              <Button variant="default" onClick={onClose}>Cancel</Button>
              <Button type="submit" loading={save.isPending} disabled={problem !== null || name.trim() === ""}>
                {role ? "Save changes" : "Create role"}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
