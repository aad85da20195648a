import { Button, Group, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { BrandColorPicker } from "./brand-color-picker.tsx";
import { isBrandColor, type BrandColor } from "./brand.ts";
import { refreshOrganization } from "./refresh.ts";
import { SettingsSection } from "./settings-section.tsx";
import type { OrgSettings } from "./types.ts";

/** Logo, colour and support address: the console shows them to everyone in the organization (org:update_branding). */
export function BrandingSection({ orgId, settings }: { orgId: string; settings: OrgSettings }) {
  const access = useMyAccess(orgId);
  const canEdit = access.can("org:update_branding");
  const [logoUrl, setLogoUrl] = useState(settings.logoUrl ?? "");
  const [color, setColor] = useState<BrandColor>(isBrandColor(settings.brandColor) ? settings.brandColor : "atrium");
  const [supportEmail, setSupportEmail] = useState(settings.supportEmail ?? "");
  const save = useMutation(
    trpc.org.updateBranding.mutationOptions({
      onSuccess: async () => {
        await refreshOrganization();
        notifications.show({ color: "green", message: "Branding saved." });
      },
    }),
  );
  const logoProblem = logoUrl.trim() && !/^https:\/\//i.test(logoUrl.trim()) ? "Use an https:// address" : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      orgId,
      logoUrl: logoUrl.trim() || null,
      brandColor: color === "atrium" ? null : color,
      supportEmail: supportEmail.trim() || null,
    });
  }

  return (
    <SettingsSection title="Branding" description="Make the console your own: your logo in the header, your colour throughout.">
      <form onSubmit={submit}>
        <Stack gap="md">
          <MutationError error={save.error} />
          <TextInput
            label="Logo URL"
            description="An https:// address of an image about 32 pixels high; it replaces the Atrium name in the header."
            placeholder="https://www.example.com/logo.svg"
            type="url"
            maxLength={2000}
            value={logoUrl}
            error={logoProblem}
            readOnly={!canEdit}
            onChange={(e) => setLogoUrl(e.currentTarget.value)}
          />
          <BrandColorPicker value={color} disabled={!canEdit} onChange={setColor} />
          <TextInput
            label="Support e-mail"
            description="Where members are sent when they need help."
            placeholder="it-help@example.com"
            type="email"
            maxLength={320}
            value={supportEmail}
            readOnly={!canEdit}
            onChange={(e) => setSupportEmail(e.currentTarget.value)}
          />
          {canEdit && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} disabled={logoProblem !== null}>Save branding</Button>
            </Group>
          )}
        </Stack>
      </form>
    </SettingsSection>
  );
}
