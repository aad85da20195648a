import { REGION_LABELS } from "@atrium/ui";
import { Button, Group, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { refreshOrganization } from "./refresh.ts";
import { SettingsSection } from "./settings-section.tsx";
import type { OrgSettings } from "./types.ts";

/** The organization's name (org:update) and its data region, which cannot change. */
export function GeneralSection({ orgId, settings }: { orgId: string; settings: OrgSettings }) {
  const access = useMyAccess(orgId);
  const canEdit = access.can("org:update");
  const [name, setName] = useState(settings.name);
  const rename = useMutation(
    trpc.org.rename.mutationOptions({
      onSuccess: async () => {
        await refreshOrganization();
        notifications.show({ color: "green", message: `The organization is now called ${name.trim()}.` });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate({ orgId, name: name.trim() });
  }

  return (
    <SettingsSection title="General" description="The name members see in the console and in e-mails.">
      <form onSubmit={submit}>
        <Stack gap="md">
          <MutationError error={rename.error} />
          <TextInput
            label="Organization name"
            required
            maxLength={200}
            value={name}
            readOnly={!canEdit}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Data region"
            value={REGION_LABELS[settings.region]}
            readOnly
            variant="filled"
            description="Fixed after creation: the organization's data stays in this region."
          />
          {canEdit && (
            <Group justify="flex-end">
              <Button type="submit" loading={rename.isPending} disabled={name.trim() === "" || name.trim() === settings.name}>
                Save name
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </SettingsSection>
  );
}
