import { FormModal, useZodForm } from "@atrium/ui";
import { Group, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

/** "2026-03-01" from a date input, as the start of that day in the admin's time zone. */
const toDate = (value: string) => (value ? new Date(`${value}T00:00:00`) : null);

/** What the form checks first; the server checks the range and the actor again. */
const ZPlaceHoldForm = z
  .object({
    name: z.string().trim().min(1, "Name the hold.").max(200),
    reason: z.string().trim().min(1, "Say why the events must be kept.").max(2000),
    actorId: z.string().trim().max(200),
    from: z.string(),
    to: z.string(),
  })
  .refine((v) => !(v.from && v.to && v.from >= v.to), { path: ["to"], message: "The hold must end after it starts." });

/** Places a hold on the whole organization, or on one actor's events and/or a time range. */
export function PlaceHoldModal({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const place = useMutation(
    trpc.audit.retention.placeHold.mutationOptions({
      onSuccess: async (_res, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.retention.holds.queryKey() });
        notifications.show({ color: "green", message: `Legal hold "${input.name}" placed.` });
        onClose();
      },
    }),
  );
  const form = useZodForm(ZPlaceHoldForm, { name: "", reason: "", actorId: "", from: "", to: "" }, place.error);

  return (
    <FormModal
      title="Place legal hold"
      size="lg"
      form={form}
      onSubmit={(v) => place.mutate({ orgId, name: v.name.trim(), reason: v.reason.trim(), actorId: v.actorId.trim() || null, from: toDate(v.from), to: toDate(v.to) })}
      onClose={onClose}
      submitLabel="Place hold"
      pending={place.isPending}
      error={place.error}
    >
      <TextInput label="Name" required maxLength={200} data-autofocus {...form.getInputProps("name")} />
      <Textarea label="Reason" required maxLength={2000} autosize minRows={2} {...form.getInputProps("reason")} />
      <TextInput label="Actor id" description="Only this actor's events; leave empty for everyone's" maxLength={200} {...form.getInputProps("actorId")} />
      <Group grow align="flex-start">
        <TextInput type="date" label="From" description="Optional" {...form.getInputProps("from")} />
        <TextInput type="date" label="To" description="Optional" {...form.getInputProps("to")} />
      </Group>
    </FormModal>
  );
}
