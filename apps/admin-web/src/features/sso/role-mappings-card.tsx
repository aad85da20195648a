import { errorMessage, SectionCard, useZodForm, ZodForm } from "@atrium/ui";
import { ActionIcon, Alert, Button, Group, Loader, Select, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

/**
 * The server's limits (sso.roleMappings.set), in sentences; the server checks again. A row whose
 * group is left empty is dropped on save, as if removed.
 */
const ZRoleMappingsForm = z.object({
  mappings: z
    .array(
      z.object({
        idpGroup: z.string().trim().max(256, "An IdP group name has at most 256 characters."),
        role: z.string().min(1, "Choose a role for this group.").max(100),
      }),
    )
    .max(200, "At most 200 mappings; map a parent group instead of each of its children."),
});
type Mapping = z.input<typeof ZRoleMappingsForm>["mappings"][number];

/** IdP group → role, applied at every sign-in (highest system role wins; no match: the default role). */
export function RoleMappingsCard({ orgId, connectionId, defaultRole, canEdit }: { orgId: string; connectionId: string; defaultRole: string; canEdit: boolean }) {
  const mappings = useQuery(trpc.sso.roleMappings.list.queryOptions({ orgId, connectionId }));
  const roles = useQuery(trpc.roles.list.queryOptions({ orgId }));
  const roleOptions = (roles.data ?? []).filter((r) => r.key !== "owner").map((r) => ({ value: r.key, label: r.custom ? `${r.name} (custom)` : r.name }));

  return (
    <SectionCard
      title="Group → role mappings"
      label="Role mappings"
      description={`Applied at every sign-in from the IdP's groups: the highest mapped system role wins, else a mapped custom role, else the default role (${defaultRole}). Owners are never changed by SSO.`}
      gap="sm"
    >
      {mappings.isError && <Alert color="red" role="alert">{errorMessage(mappings.error)}</Alert>}
      {mappings.isPending && <Loader size="sm" aria-label="Loading role mappings" />}
      {mappings.data && (
        <MappingsForm
          key={mappings.dataUpdatedAt}
          orgId={orgId}
          connectionId={connectionId}
          initial={mappings.data.map((m) => ({ idpGroup: m.idpGroup, role: m.role.key }))}
          roleOptions={roleOptions}
          canEdit={canEdit}
        />
      )}
    </SectionCard>
  );
}

function MappingsForm({
  orgId,
  connectionId,
  initial,
  roleOptions,
  canEdit,
}: {
  orgId: string;
  connectionId: string;
  initial: Mapping[];
  roleOptions: { value: string; label: string }[];
  canEdit: boolean;
}) {
  const save = useMutation(
    trpc.sso.roleMappings.set.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.roleMappings.list.queryKey() });
        notifications.show({ color: "green", message: "Role mappings saved." });
      },
    }),
  );
  const form = useZodForm(ZRoleMappingsForm, { mappings: initial }, save.error);
  const rows = form.values.mappings;

  return (
    <ZodForm
      form={form}
      error={save.error}
      label="Role mappings"
      disabled={!canEdit}
      onSubmit={(v) => save.mutate({ orgId, connectionId, mappings: v.mappings.map((m) => ({ idpGroup: m.idpGroup.trim(), role: m.role })).filter((m) => m.idpGroup) })}
    >
      {rows.length === 0 && <Text size="sm" c="dimmed">No mapping: everyone gets the default role.</Text>}
      {rows.map((row, index) => (
        <Group key={index} align="flex-start">
          <TextInput label="IdP group" {...form.getInputProps(`mappings.${index}.idpGroup`)} />
          <Select label={`Role for ${row.idpGroup || "this group"}`} data={roleOptions} allowDeselect={false} {...form.getInputProps(`mappings.${index}.role`)} />
          {canEdit && (
            <ActionIcon variant="subtle" color="red" aria-label={`Remove mapping ${row.idpGroup}`} onClick={() => form.removeListItem("mappings", index)} mt={28}>
              ✕
            </ActionIcon>
          )}
        </Group>
      ))}
      {form.errors["mappings"] && <Text size="sm" c="red.8" role="alert">{form.errors["mappings"]}</Text>}
      {canEdit && (
        <Group>
          <Button variant="default" onClick={() => form.insertListItem("mappings", { idpGroup: "", role: "member" })}>Add mapping</Button>
          <Button type="submit" disabled={!form.isDirty()} loading={save.isPending}>Save mappings</Button>
        </Group>
      )}
    </ZodForm>
  );
}
