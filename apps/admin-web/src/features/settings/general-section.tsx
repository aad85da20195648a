import { REGION_LABELS, SectionCard, useZodForm, ZodForm } from "@atrium/ui";
import { Button, Group, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { refreshOrganization } from "./refresh.ts";
import type { OrgSettings } from "./types.ts";

/** The server's rule for a name, in a sentence (it checks again). */
const ZNameForm = z.object({ name: z.string().trim().min(1, "Give the organization a name.").max(200, "A name has at most 200 characters.") });

/** The organization's name (org:update) and its data region, which cannot change. */
export function GeneralSection({ orgId, settings }: { orgId: string; settings: OrgSettings }) {
  const access = useMyAccess(orgId);
  const canEdit = access.can("org:update");
  const rename = useMutation(
    trpc.org.rename.mutationOptions({
      onSuccess: async (_ok, input) => {
        await refreshOrganization();
        notifications.show({ color: "green", message: `The organization is now called ${input.name}.` });
      },
    }),
  );
  const form = useZodForm(ZNameForm, { name: settings.name }, rename.error);
  const name = form.values.name.trim();

  return (
    <SectionCard title="General" description="The name members see in the console and in e-mails.">
      <ZodForm form={form} error={rename.error} label="General settings" gap="md" onSubmit={(v) => rename.mutate({ orgId, name: v.name.trim() })}>
        <TextInput label="Organization name" required readOnly={!canEdit} {...form.getInputProps("name")} />
        <TextInput
          label="Data region"
          value={REGION_LABELS[settings.region]}
          readOnly
          variant="filled"
          description="Fixed after creation: the organization's data stays in this region."
        />
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={rename.isPending} disabled={name === settings.name}>
              Save name
            </Button>
          </Group>
        )}
      </ZodForm>
    </SectionCard>
  );
}
