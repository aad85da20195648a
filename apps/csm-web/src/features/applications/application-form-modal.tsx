import { FormModal, useZodForm } from "@atrium/ui";
import { Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
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

/** What the form checks before asking the server (which checks the URIs and that the client id is free). */
const ZApplicationForm = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z.string().trim().min(1),
  description: z.string().max(1000),
  redirects: z.string(),
  logouts: z.string(),
  backchannel: z.string(),
});
type TApplicationForm = z.infer<typeof ZApplicationForm>;

/** Registers an application, or edits one (the client id is chosen once). URIs are one per line. */
export function ApplicationFormModal({ application, onClose, onSaved }: { application: ApplicationFields | null; onClose(): void; onSaved(id: string): void }) {
  const editing = application?.id !== undefined;
  const save = useMutation({
    mutationFn: async (values: TApplicationForm) => {
      const fields = {
        name: values.name,
        description: values.description,
        redirectUris: lines(values.redirects),
        postLogoutRedirectUris: lines(values.logouts),
        backchannelLogoutUri: values.backchannel.trim() || null,
      };
      if (editing) {
        await client.staff.applications.update.mutate({ applicationId: application.id!, ...fields });
        return application.id!;
      }
      return (await client.staff.applications.create.mutate({ slug: values.slug, ...fields })).id;
    },
    onSuccess: async (id, values) => {
      await queryClient.invalidateQueries({ queryKey: trpc.staff.applications.pathKey() });
      notifications.show({ color: "green", message: editing ? `${values.name} was saved.` : `${values.name} was registered.` });
      onSaved(id);
    },
  });
  const form = useZodForm(
    ZApplicationForm,
    {
      name: application?.name ?? "",
      slug: application?.slug ?? "",
      description: application?.description ?? "",
      redirects: application?.redirectUris.join("\n") ?? "",
      logouts: application?.postLogoutRedirectUris.join("\n") ?? "",
      backchannel: application?.backchannelLogoutUri ?? "",
    },
    save.error,
  );

  return (
    <FormModal
      title={editing ? `Edit ${application.name}` : "Register an application"}
      size="lg"
      form={form}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      submitLabel={editing ? "Save" : "Register"}
      pending={save.isPending}
      error={save.error}
    >
      <TextInput label="Name" required maxLength={100} {...form.getInputProps("name")} />
      <TextInput
        label="Client id"
        description="Lowercase letters, digits and dashes; it cannot change later (it is the OpenID Connect client id)"
        required
        disabled={editing}
        {...form.getInputProps("slug")}
      />
      <Textarea label="Description" maxLength={1000} {...form.getInputProps("description")} />
      <Textarea label="Redirect URIs" description="One per line, e.g. https://app.example.com/callback" autosize minRows={2} {...form.getInputProps("redirects")} />
      <Textarea label="Post-logout redirect URIs" description="One per line" autosize minRows={1} {...form.getInputProps("logouts")} />
      <TextInput label="Back-channel logout URI" description="Optional" {...form.getInputProps("backchannel")} />
    </FormModal>
  );
}
