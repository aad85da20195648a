import { FormModal, useZodForm } from "@atrium/ui";
import { Checkbox, Group, NumberInput, Select, TagsInput, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import type { AlertRule } from "./types.ts";

type Status = "success" | "denied" | "error";
const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "success", label: "Success" },
  { value: "denied", label: "Denied" },
  { value: "error", label: "Error" },
];

/** What the form checks first; the server checks the actions, the webhook's address and the limits again. */
const ZRuleForm = z
  .object({
    preset: z.string(),
    name: z.string().trim().min(1, "Name the rule.").max(200),
    actions: z.array(z.string()).min(1, "List at least one action.").max(50),
    status: z.string(),
    threshold: z.number().int().min(1).max(10000),
    windowMinutes: z.number().min(0).max(10080),
    notifyAdmins: z.boolean(),
    webhookUrl: z.string().trim(),
  })
  .superRefine((v, ctx) => {
    if (v.threshold > 1 && v.windowMinutes <= 0) ctx.addIssue({ code: "custom", path: ["windowMinutes"], message: "A threshold above 1 needs a time window." });
    if (!v.notifyAdmins && !v.webhookUrl) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "Choose at least one way to be notified." });
  });

/** Creates a rule (from a preset or from scratch) or edits one; a new webhook secret is handed to `onSecret`. */
export function RuleModal({ orgId, rule, onClose, onSecret }: { orgId: string; rule: AlertRule | null; onClose(): void; onSecret(secret: string): void }) {
  const presets = useQuery(trpc.audit.alerts.presets.queryOptions({ orgId }));
  const done = async (secret: string | null, message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.audit.alerts.list.queryKey() });
    notifications.show({ color: "green", message });
    onClose();
    if (secret) onSecret(secret);
  };
  const create = useMutation(trpc.audit.alerts.create.mutationOptions({ onSuccess: (r, input) => done(r.webhookSecret, `Alert rule "${input.name}" created.`) }));
  const update = useMutation(trpc.audit.alerts.update.mutationOptions({ onSuccess: (r, input) => done(r.webhookSecret, `Alert rule "${input.name}" saved.`) }));
  const mutation = rule ? update : create;
  const form = useZodForm(
    ZRuleForm,
    {
      preset: rule?.preset ?? "",
      name: rule?.name ?? "",
      actions: rule?.actions ?? [],
      status: rule?.status ?? "",
      threshold: rule?.threshold ?? 1,
      windowMinutes: (rule?.windowSeconds ?? 0) / 60,
      notifyAdmins: rule?.notifyAdmins ?? true,
      webhookUrl: rule?.webhookUrl ?? "",
    },
    mutation.error,
  );

  function applyPreset(key: string | null) {
    form.setFieldValue("preset", key ?? "");
    const p = presets.data?.find((x) => x.key === key);
    if (!p) return;
    form.setValues({ name: p.name, actions: p.actions, status: p.status ?? "", threshold: p.threshold, windowMinutes: p.windowSeconds / 60 });
  }

  return (
    <FormModal
      title={rule ? `Edit "${rule.name}"` : "New alert rule"}
      size="lg"
      form={form}
      onSubmit={(v) => {
        const input = {
          orgId,
          name: v.name.trim(),
          preset: (v.preset || null) as "denied_sso" | null,
          actions: v.actions,
          status: (v.status || null) as Status | null,
          threshold: v.threshold,
          windowSeconds: Math.round(v.windowMinutes * 60),
          notifyAdmins: v.notifyAdmins,
          webhookUrl: v.webhookUrl.trim() || null,
          enabled: rule?.enabled ?? true,
        };
        if (rule) update.mutate({ ...input, ruleId: rule.id });
        else create.mutate(input);
      }}
      onClose={onClose}
      submitLabel={rule ? "Save rule" : "Create rule"}
      pending={mutation.isPending}
      error={mutation.error}
    >
      {!rule && (
        <Select
          label="Start from a preset"
          placeholder="Custom rule"
          clearable
          data={(presets.data ?? []).map((p) => ({ value: p.key, label: p.name }))}
          value={form.getValues().preset || null}
          onChange={applyPreset}
        />
      )}
      <TextInput label="Name" required maxLength={200} {...form.getInputProps("name")} />
      <TagsInput
        label="Actions"
        description="Exact actions (org.update) or every action under a prefix (sso.*); press Enter after each"
        required
        maxTags={50}
        {...form.getInputProps("actions")}
      />
      <Select label="Status" data={STATUS_OPTIONS} allowDeselect={false} {...form.getInputProps("status")} onChange={(v) => form.setFieldValue("status", v ?? "")} />
      <Group grow align="flex-start">
        <NumberInput
          label="At least"
          description="matching events"
          min={1}
          max={10000}
          {...form.getInputProps("threshold")}
          onChange={(v) => form.setFieldValue("threshold", Number(v) || 1)}
        />
        <NumberInput
          label="Within (minutes)"
          description="0: every match fires"
          min={0}
          max={10080}
          {...form.getInputProps("windowMinutes")}
          onChange={(v) => form.setFieldValue("windowMinutes", Number(v) || 0)}
        />
      </Group>
      <Checkbox label="E-mail the organization's owners and admins" {...form.getInputProps("notifyAdmins", { type: "checkbox" })} />
      <TextInput
        label="Webhook URL"
        description="Optional; https://. Requests are signed (HMAC-SHA256); the secret is shown once."
        placeholder="https://hooks.example.com/atrium"
        {...form.getInputProps("webhookUrl")}
      />
    </FormModal>
  );
}
