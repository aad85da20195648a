import { FormModal, useZodForm } from "@atrium/ui";
import { MultiSelect, Switch, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { client, queryClient, trpc } from "../../lib/api.ts";

export interface EndpointFields {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
}

/** What the form checks first; the server checks that the address is https:// and may be called. */
const ZEndpointForm = z.object({
  url: z.string().trim().min(1, "Enter the endpoint's https:// address."),
  description: z.string().max(500),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
});
type TEndpointForm = z.infer<typeof ZEndpointForm>;

/** Adds a webhook endpoint (its signing secret is then shown once), or edits one. No event type chosen: every type. */
export function EndpointFormModal({ applicationId, endpoint, onClose, onCreated }: { applicationId: string; endpoint: EndpointFields | null; onClose(): void; onCreated(secret: string): void }) {
  const types = useQuery(trpc.staff.webhooks.eventTypes.queryOptions());
  const save = useMutation({
    mutationFn: async (values: TEndpointForm) => {
      const fields = { url: values.url.trim(), description: values.description, eventTypes: values.eventTypes as never, enabled: values.enabled };
      if (endpoint) {
        await client.staff.webhooks.endpoints.update.mutate({ applicationId, endpointId: endpoint.id, ...fields });
        return null;
      }
      return (await client.staff.webhooks.endpoints.create.mutate({ applicationId, ...fields })).secret;
    },
    onSuccess: async (secret) => {
      await queryClient.invalidateQueries({ queryKey: trpc.staff.webhooks.pathKey() });
      notifications.show({ color: "green", message: endpoint ? "The endpoint was saved." : "The endpoint was added." });
      if (secret) onCreated(secret);
      else onClose();
    },
  });
  const form = useZodForm(
    ZEndpointForm,
    { url: endpoint?.url ?? "", description: endpoint?.description ?? "", eventTypes: endpoint?.eventTypes ?? [], enabled: endpoint?.enabled ?? true },
    save.error,
  );

  return (
    <FormModal
      title={endpoint ? "Edit webhook endpoint" : "Add a webhook endpoint"}
      size="lg"
      form={form}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      submitLabel={endpoint ? "Save" : "Add endpoint"}
      pending={save.isPending}
      error={save.error}
    >
      <TextInput label="URL" description="https://, where the product receives events" required {...form.getInputProps("url")} />
      <TextInput label="Description" maxLength={500} {...form.getInputProps("description")} />
      <MultiSelect
        label="Event types"
        description="Leave empty to receive every type"
        data={(types.data ?? []).map((t) => ({ value: t.type, label: t.type }))}
        searchable
        clearable
        {...form.getInputProps("eventTypes")}
      />
      <Switch label="Enabled" {...form.getInputProps("enabled", { type: "checkbox" })} />
    </FormModal>
  );
}
