import { FEATURES, type Feature } from "@atrium/rbac";
import { FormModal, useZodForm } from "@atrium/ui";
import { SegmentedControl, Text, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

/** What the form checks first; the server checks the reason and the end date again. */
const ZFeatureOverrideForm = z.object({
  choice: z.enum(["on", "off", "plan"]),
  until: z.string(),
  reason: z.string().trim().min(3, "Give a reason of at least 3 characters."),
});

/** Sets or clears a per-customer feature override, with a reason and an optional end date (audited). */
export function FeatureOverrideModal(props: {
  organizationId: string;
  feature: Feature;
  current: { enabled: boolean; reason: string };
  onClose(): void;
}) {
  const save = useMutation(
    trpc.staff.customers.setFeatureOverride.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.staff.customers.plan.queryKey() });
        notifications.show({ color: "green", message: `${FEATURES[props.feature]} updated.` });
        props.onClose();
      },
    }),
  );
  const form = useZodForm(ZFeatureOverrideForm, { choice: props.current.enabled ? "on" : "off", until: "", reason: "" }, save.error);
  const choice = form.getValues().choice;

  return (
    <FormModal
      title={`Override: ${FEATURES[props.feature]}`}
      form={form}
      onSubmit={(v) =>
        save.mutate({
          organizationId: props.organizationId,
          feature: props.feature,
          enabled: v.choice === "plan" ? null : v.choice === "on",
          expiresAt: v.choice !== "plan" && v.until ? new Date(`${v.until}T23:59:59Z`) : null,
          reason: v.reason.trim(),
        })
      }
      onClose={props.onClose}
      submitLabel="Save"
      mutation={save}
    >
      <Text size="sm" c="dimmed">Now: {props.current.reason}.</Text>
      <SegmentedControl
        aria-label="Override"
        value={choice}
        onChange={(v) => form.setFieldValue("choice", v as typeof choice)}
        data={[
          { value: "on", label: "On" },
          { value: "off", label: "Off" },
          { value: "plan", label: "As the plan says" },
        ]}
      />
      {choice !== "plan" && (
        <TextInput type="date" label="Until (optional)" description="The override ends at the end of this day (UTC)" {...form.getInputProps("until")} />
      )}
      <Textarea label="Reason" required placeholder="e.g. 30-day SSO trial before the Business upgrade" {...form.getInputProps("reason")} />
    </FormModal>
  );
}
