import { errorMessage } from "@atrium/ui";
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";

export interface ApplicationFields {
  id?: string;
  slug: string;
  name: string;
  description: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
}

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/** Registers an application, or edits one (the client id is chosen once). URIs are one per line. */
export function ApplicationFormModal({ application, onClose, onSaved }: { application: ApplicationFields | null; onClose(): void; onSaved(id: string): void }) {
  const editing = application?.id !== undefined;
  const [slug, setSlug] = useState(application?.slug ?? "");
  const [name, setName] = useState(application?.name ?? "");
  const [description, setDescription] = useState(application?.description ?? "");
  const [redirects, setRedirects] = useState(application?.redirectUris.join("\n") ?? "");
  const [logouts, setLogouts] = useState(application?.postLogoutRedirectUris.join("\n") ?? "");
  const [backchannel, setBackchannel] = useState(application?.backchannelLogoutUri ?? "");

  const save = useMutation({
    mutationFn: async () => {
      const fields = { name, description, redirectUris: lines(redirects), postLogoutRedirectUris: lines(logouts), backchannelLogoutUri: backchannel.trim() || null };
      if (editing) {
        await client.applications.update.mutate({ applicationId: application.id!, ...fields });
        return application.id!;
      }
      return (await client.applications.create.mutate({ slug, ...fields })).id;
    },
    onSuccess: async (id) => {
      await queryClient.invalidateQueries({ queryKey: trpc.applications.pathKey() });
      notifications.show({ color: "green", message: editing ? `${name} was saved.` : `${name} was registered.` });
      onSaved(id);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${application.name}` : "Register an application"} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          {save.isError && <Alert color="red" role="alert">{errorMessage(save.error)}</Alert>}
          <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput
            label="Client id"
            description="Lowercase letters, digits and dashes; it cannot change later (it is the OpenID Connect client id)"
            required
            disabled={editing}
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
          />
          <Textarea label="Description" maxLength={1000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Textarea label="Redirect URIs" description="One per line, e.g. https://app.example.com/callback" autosize minRows={2} value={redirects} onChange={(e) => setRedirects(e.currentTarget.value)} />
          <Textarea label="Post-logout redirect URIs" description="One per line" autosize minRows={1} value={logouts} onChange={(e) => setLogouts(e.currentTarget.value)} />
          <TextInput label="Back-channel logout URI" description="Optional" value={backchannel} onChange={(e) => setBackchannel(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>{editing ? "Save" : "Register"}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
