import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

/** "2026-03-01" from a date input, as the start of that day in the admin's time zone. */
const toDate = (value: string) => (value ? new Date(`${value}T00:00:00`) : null);

/** Places a hold on the whole organization, or on one actor's events and/or a time range. */
export function PlaceHoldModal({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const [name, setName] = useState("");
  const [reason, setReason] = useState("");
  const [actorId, setActorId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const place = useMutation(
    trpc.retention.placeHold.mutationOptions({
      onSuccess: async (_res, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.retention.holds.queryKey() });
        notifications.show({ color: "green", message: `Legal hold "${input.name}" placed.` });
        onClose();
      },
    }),
  );
  const rangeError = from && to && from >= to ? "The hold must end after it starts" : undefined;
  const valid = name.trim() !== "" && reason.trim() !== "" && !rangeError;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    place.mutate({ orgId, name: name.trim(), reason: reason.trim(), actorId: actorId.trim() || null, from: toDate(from), to: toDate(to) });
  }

  return (
    <Modal opened onClose={onClose} title="Place legal hold" centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          <MutationError error={place.error} />
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Reason" required maxLength={2000} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <TextInput
            label="Actor id"
            description="Only this actor's events; leave empty for everyone's"
            maxLength={200}
            value={actorId}
            onChange={(e) => setActorId(e.currentTarget.value)}
          />
          <Group grow align="flex-start">
            <TextInput type="date" label="From" description="Optional" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="date" label="To" description="Optional" value={to} error={rangeError} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={place.isPending} disabled={!valid}>Place hold</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
