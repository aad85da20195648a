import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, TagsInput, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import type { AlertRule } from "./types.ts";

type Status = "success" | "denied" | "error";
const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "success", label: "Success" },
  { value: "denied", label: "Denied" },
  { value: "error", label: "Error" },
];

/** Creates a rule (from a preset or from scratch) or edits one; a new webhook secret is handed to `onSecret`. */
export function RuleModal({ orgId, rule, onClose, onSecret }: { orgId: string; rule: AlertRule | null; onClose(): void; onSecret(secret: string): void }) {
  const presets = useQuery(trpc.auditAlerts.presets.queryOptions({ orgId }));
  const [preset, setPreset] = useState<string | null>(rule?.preset ?? null);
  const [name, setName] = useState(rule?.name ?? "");
  const [actions, setActions] = useState<string[]>(rule?.actions ?? []);
  const [status, setStatus] = useState<string>(rule?.status ?? "");
  const [threshold, setThreshold] = useState<number>(rule?.threshold ?? 1);
  const [windowMinutes, setWindowMinutes] = useState<number>((rule?.windowSeconds ?? 0) / 60);
  const [notifyAdmins, setNotifyAdmins] = useState(rule?.notifyAdmins ?? true);
  const [webhookUrl, setWebhookUrl] = useState(rule?.webhookUrl ?? "");

  const done = async (secret: string | null, message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.auditAlerts.list.queryKey() });
    notifications.show({ color: "green", message });
    onClose();
    if (secret) onSecret(secret);
  };
  const create = useMutation(trpc.auditAlerts.create.mutationOptions({ onSuccess: (r, input) => done(r.webhookSecret, `Alert rule "${input.name}" created.`) }));
  const update = useMutation(trpc.auditAlerts.update.mutationOptions({ onSuccess: (r, input) => done(r.webhookSecret, `Alert rule "${input.name}" saved.`) }));
  const mutation = rule ? update : create;

  function applyPreset(key: string | null) {
    setPreset(key);
    const p = presets.data?.find((x) => x.key === key);
    if (!p) return;
    setName(p.name);
    setActions(p.actions);
    setStatus(p.status ?? "");
    setThreshold(p.threshold);
    setWindowMinutes(p.windowSeconds / 60);
  }

  const windowError = threshold > 1 && windowMinutes <= 0 ? "A threshold above 1 needs a time window" : undefined;
  const notifyError = !notifyAdmins && !webhookUrl.trim() ? "Choose at least one way to be notified" : undefined;
  const valid = name.trim() !== "" && actions.length > 0 && !windowError && !notifyError;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    const input = {
      orgId,
      name: name.trim(),
      preset: (preset as "denied_sso" | null) ?? null,
      actions,
      status: (status || null) as Status | null,
      threshold,
      windowSeconds: Math.round(windowMinutes * 60),
      notifyAdmins,
      webhookUrl: webhookUrl.trim() || null,
      enabled: rule?.enabled ?? true,
    };
    if (rule) update.mutate({ ...input, ruleId: rule.id });
    else create.mutate(input);
  }

  return (
    <Modal opened onClose={onClose} title={rule ? `Edit "${rule.name}"` : "New alert rule"} centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          <MutationError error={mutation.error} />
          {!rule && (
            <Select
              label="Start from a preset"
              placeholder="Custom rule"
              clearable
              data={(presets.data ?? []).map((p) => ({ value: p.key, label: p.name }))}
              value={preset}
              onChange={applyPreset}
            />
          )}
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TagsInput
            label="Actions"
            description="Exact actions (org.update) or every action under a prefix (sso.*); press Enter after each"
            required
            value={actions}
            onChange={setActions}
            maxTags={50}
          />
          <Select label="Status" data={STATUS_OPTIONS} value={status} onChange={(v) => setStatus(v ?? "")} allowDeselect={false} />
          <Group grow align="flex-start">
            <NumberInput label="At least" description="matching events" min={1} max={10000} value={threshold} onChange={(v) => setThreshold(Number(v) || 1)} />
            <NumberInput label="Within (minutes)" description="0: every match fires" min={0} max={10080} value={windowMinutes} error={windowError} onChange={(v) => setWindowMinutes(Number(v) || 0)} />
          </Group>
          <Checkbox label="E-mail the organization's owners and admins" checked={notifyAdmins} onChange={(e) => setNotifyAdmins(e.currentTarget.checked)} />
          <TextInput
            label="Webhook URL"
            description="Optional; https://. Requests are signed (HMAC-SHA256); the secret is shown once."
            placeholder="https://hooks.example.com/atrium"
            value={webhookUrl}
            error={notifyError}
            onChange={(e) => setWebhookUrl(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={mutation.isPending} disabled={!valid}>{rule ? "Save rule" : "Create rule"}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
