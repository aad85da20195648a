import type { Permission } from "@atrium/rbac";
import { FormModal, useZodForm } from "@atrium/ui";
import { Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { PermissionPicker } from "../roles/permission-picker.tsx";
import type { NewSecret } from "./types.ts";

/** YYYY-MM-DD of a local date, as a date input wants it. */
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** What the form checks first; the server checks that the creator holds every permission. */
const ZCreateApiKeyForm = z.object({
  name: z.string().trim().min(1, "Name the key.").max(100),
  permissions: z.array(z.string()).min(1, "Choose at least one permission."),
  expiresOn: z.string(),
});

/** Names a key, picks its permissions (no more than the creator holds) and an optional last day. */
export function CreateApiKeyModal({ orgId, onClose, onCreated }: { orgId: string; onClose(): void; onCreated(secret: NewSecret): void }) {
  const access = useMyAccess(orgId);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      // The secret goes to the one-time dialog, not into the mutation cache.
      gcTime: 0,
      onSuccess: async (created, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        onCreated({ name: input.name, token: created.token, rotated: false });
      },
    }),
  );
  const form = useZodForm(ZCreateApiKeyForm, { name: "", permissions: [], expiresOn: "" }, create.error);
  const permissions = new Set(form.getValues().permissions as Permission[]);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  return (
    <FormModal
      title="Create API key"
      size="xl"
      form={form}
      onSubmit={(values) => {
        // A key expiring "on" a day works until the end of that day, local time.
        const expiresAt = values.expiresOn ? new Date(`${values.expiresOn}T23:59:59`) : null;
        create.mutate({ orgId, name: values.name.trim(), permissions: values.permissions as Permission[], expiresAt });
      }}
      onClose={onClose}
      submitLabel="Create key"
      pending={create.isPending}
      error={create.error}
    >
      <TextInput label="Name" description="Say what uses it, e.g. “HR sync”." required maxLength={100} data-autofocus {...form.getInputProps("name")} />
      <TextInput
        label="Expires on"
        description="Optional. Leave empty for a key that works until revoked."
        type="date"
        min={isoDay(tomorrow)}
        w={260}
        {...form.getInputProps("expiresOn")}
      />
      <div>
        <Title order={3} size="h5">Permissions</Title>
        <Text size="sm" c="dimmed">{permissions.size} selected. A key can have only permissions you hold yourself.</Text>
        {form.errors.permissions && <Text size="sm" c="red" role="alert">{form.errors.permissions}</Text>}
      </div>
      <PermissionPicker value={permissions} onChange={(next) => form.setFieldValue("permissions", [...next])} holds={access.can} />
    </FormModal>
  );
}
