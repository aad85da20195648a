import { errorMessage } from "@atrium/ui";
import { FEATURES, type Feature } from "@atrium/rbac";
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";

type Choice = "on" | "off" | "plan";

/** Sets or clears a per-customer feature override, with a reason and an optional end date (audited). */
export function FeatureOverrideModal(props: {
  organizationId: string;
  feature: Feature;
  current: { enabled: boolean; reason: string };
  onClose(): void;
}) {
  const [choice, setChoice] = useState<Choice>(props.current.enabled ? "on" : "off");
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const save = useMutation(
    trpc.customers.setFeatureOverride.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.customers.plan.queryKey() });
        notifications.show({ color: "green", message: `${FEATURES[props.feature]} updated.` });
        props.onClose();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      organizationId: props.organizationId,
      feature: props.feature,
      enabled: choice === "plan" ? null : choice === "on",
      expiresAt: until ? new Date(`${until}T23:59:59Z`) : null,
      reason,
    });
  }

  return (
    <Modal opened onClose={props.onClose} title={`Override: ${FEATURES[props.feature]}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">Now: {props.current.reason}.</Text>
          {save.isError && <Alert color="red" role="alert">{errorMessage(save.error)}</Alert>}
          <SegmentedControl
            aria-label="Override"
            value={choice}
            onChange={(v) => setChoice(v as Choice)}
            data={[
              { value: "on", label: "On" },
              { value: "off", label: "Off" },
              { value: "plan", label: "As the plan says" },
            ]}
          />
          {choice !== "plan" && (
            <TextInput type="date" label="Until (optional)" description="The override ends at the end of this day (UTC)" value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
          )}
          <Textarea label="Reason" required minLength={3} placeholder="e.g. 30-day SSO trial before the Business upgrade" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
