import { FormModal, useZodForm } from "@atrium/ui";
import { TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

/** What the form checks first; the server checks the name again. */
const ZCreateScimTokenForm = z.object({
  name: z.string().trim().min(1, "Name the token, e.g. after the identity provider that uses it.").max(100, "A token name can be at most 100 characters."),
});

/** Names a new SCIM token; the created secret goes to `onCreated`, to be shown once. */
export function CreateTokenModal({ orgId, onClose, onCreated }: { orgId: string; onClose(): void; onCreated(name: string, token: string): void }) {
  const create = useMutation(
    trpc.scim.createToken.mutationOptions({
      // The secret goes to the one-time dialog, not into the mutation cache.
      gcTime: 0,
      onSuccess: async (created, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.scim.tokens.queryKey() });
        onCreated(input.name, created.token);
      },
    }),
  );
  const form = useZodForm(ZCreateScimTokenForm, { name: "" }, create.error);

  return (
    <FormModal
      title="Create SCIM token"
      form={form}
      onSubmit={(values) => create.mutate({ orgId, name: values.name.trim() })}
      onClose={onClose}
      submitLabel="Create token"
      pending={create.isPending}
      error={create.error}
    >
      <TextInput
        label="Name"
        description="Which identity provider uses it, e.g. Okta production"
        required
        maxLength={100}
        data-autofocus
        {...form.getInputProps("name")}
      />
    </FormModal>
  );
}
