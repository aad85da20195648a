import { SectionCard, useZodForm, ZodForm } from "@atrium/ui";
import { Button, Group, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { BrandColorPicker } from "./brand-color-picker.tsx";
import { isBrandColor, type BrandColor } from "./brand.ts";
import { refreshOrganization } from "./refresh.ts";
import type { OrgSettings } from "./types.ts";

/**
 * The server's rules (org.updateBranding), in sentences; it checks again. Both addresses may be
 * left empty (no logo, no support address).
 */
const ZBrandingForm = z.object({
  logoUrl: z
    .string()
    .trim()
    .max(2000, "A logo address has at most 2,000 characters.")
    .refine((v) => v === "" || z.url({ protocol: /^https$/ }).safeParse(v).success, "Use an https:// address, like https://www.example.com/logo.svg."),
  brandColor: z.string(),
  supportEmail: z
    .string()
    .trim()
    .max(320, "An e-mail address has at most 320 characters.")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an e-mail address like it-help@example.com."),
});

/** Logo, colour and support address: the console shows them to everyone in the organization (org:update_branding). */
export function BrandingSection({ orgId, settings }: { orgId: string; settings: OrgSettings }) {
  const access = useMyAccess(orgId);
  const canEdit = access.can("org:update_branding");
  const save = useMutation(
    trpc.org.updateBranding.mutationOptions({
      onSuccess: async () => {
        await refreshOrganization();
        notifications.show({ color: "green", message: "Branding saved." });
      },
    }),
  );
  const form = useZodForm(
    ZBrandingForm,
    { logoUrl: settings.logoUrl ?? "", brandColor: isBrandColor(settings.brandColor) ? settings.brandColor : "atrium", supportEmail: settings.supportEmail ?? "" },
    save.error,
  );
  const color = form.values.brandColor as BrandColor;

  return (
    <SectionCard title="Branding" description="Make the console your own: your logo in the header, your colour throughout.">
      <ZodForm
        form={form}
        error={save.error}
        label="Branding settings"
        gap="md"
        onSubmit={(v) =>
          save.mutate({
            orgId,
            logoUrl: v.logoUrl.trim() || null,
            brandColor: color === "atrium" ? null : color,
            supportEmail: v.supportEmail.trim() || null,
          })
        }
      >
        <TextInput
          label="Logo URL"
          description="An https:// address of an image about 32 pixels high; it replaces the Atrium name in the header."
          placeholder="https://www.example.com/logo.svg"
          type="url"
          readOnly={!canEdit}
          {...form.getInputProps("logoUrl")}
        />
        <BrandColorPicker value={color} disabled={!canEdit} onChange={(next) => form.setFieldValue("brandColor", next)} />
        <TextInput
          label="Support e-mail"
          description="Where members are sent when they need help."
          placeholder="it-help@example.com"
          type="email"
          readOnly={!canEdit}
          {...form.getInputProps("supportEmail")}
        />
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>Save branding</Button>
          </Group>
        )}
      </ZodForm>
    </SectionCard>
  );
}
