import { errorMessage } from "@atrium/ui";
import { Alert, Button, Group, Modal, MultiSelect, Stack, Switch, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";

export interface EndpointFields {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
}

/** Adds a webhook endpoint (its signing secret is then shown once), or edits one. No event type chosen: every type. */
export function EndpointFormModal({ applicationId, endpoint, onClose, onCreated }: { applicationId: string; endpoint: EndpointFields | null; onClose(): void; onCreated(secret: string): void }) {
  const types = useQuery(trpc.webhooks.eventTypes.queryOptions());
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint?.eventTypes ?? []);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);

  const save = useMutation({
    mutationFn: async () => {
      const fields = { url: url.trim(), description, eventTypes: eventTypes as never, enabled };
      if (endpoint) {
        await client.webhooks.endpoints.update.mutate({ applicationId, endpointId: endpoint.id, ...fields });
        return null;
      }
      return (await client.webhooks.endpoints.create.mutate({ applicationId, ...fields })).secret;
    },
    onSuccess: async (secret) => {
      await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      notifications.show({ color: "green", message: endpoint ? "The endpoint was saved." : "The endpoint was added." });
      if (secret) onCreated(secret);
      else onClose();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={endpoint ? "Edit webhook endpoint" : "Add a webhook endpoint"} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          {save.isError && <Alert color="red" role="alert">{errorMessage(save.error)}</Alert>}
          <TextInput label="URL" description="https://, where the product receives events" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
          <TextInput label="Description" maxLength={500} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <MultiSelect
            label="Event types"
            description="Leave empty to receive every type"
            data={(types.data ?? []).map((t) => ({ value: t.type, label: t.type }))}
            value={eventTypes}
            onChange={setEventTypes}
            searchable
            clearable
          />
          <Switch label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>{endpoint ? "Save" : "Add endpoint"}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
