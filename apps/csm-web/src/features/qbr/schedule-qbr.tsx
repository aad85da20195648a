import { FormModal, formatDateTime, useZodForm } from "@atrium/ui";
import { Anchor, Button, NumberInput, TagsInput, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

/** What the form checks first; the server checks that the meeting is from now to a year ahead. */
const ZScheduleQbrForm = z.object({
  startsAt: z.string().min(1, "Choose the date and time."),
  durationMinutes: z.number().int().min(15, "A meeting lasts at least 15 minutes.").max(480, "A meeting lasts at most 8 hours."),
  attendees: z.array(z.email("Each attendee needs a valid e-mail address.")).min(1, "Invite at least one attendee.").max(50, "Invite at most 50 attendees."),
  location: z.string().trim().max(500),
});

/** The meeting's date, length, attendees and place; the server stores it and serves its .ics. */
function ScheduleQbrModal({ qbrId, onClose }: { qbrId: string; onClose(): void }) {
  const queryClient = useQueryClient();
  const schedule = useMutation(
    trpc.staff.qbr.schedule.mutationOptions({
      onSuccess: async () => {
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.staff.qbr.pathKey() });
      },
    }),
  );
  const form = useZodForm(ZScheduleQbrForm, { startsAt: "", durationMinutes: 60, attendees: [], location: "Video call" }, schedule.error);
  const attendeesError = form.errors.attendees ?? Object.entries(form.errors).find(([key]) => key.startsWith("attendees."))?.[1];

  return (
    <FormModal
      title="Schedule the QBR"
      form={form}
      onSubmit={(v) => schedule.mutate({ qbrId, startsAt: new Date(v.startsAt), durationMinutes: v.durationMinutes, attendees: v.attendees, location: v.location.trim() })}
      onClose={onClose}
      submitLabel="Schedule"
      mutation={schedule}
    >
      <TextInput type="datetime-local" label="Date and time" required {...form.getInputProps("startsAt")} />
      <NumberInput
        label="Duration (minutes)"
        min={15}
        max={480}
        {...form.getInputProps("durationMinutes")}
        onChange={(v) => form.setFieldValue("durationMinutes", Number(v) || 60)}
      />
      <TagsInput label="Attendees (e-mail)" required {...form.getInputProps("attendees")} error={attendeesError} />
      <TextInput label="Location" {...form.getInputProps("location")} />
    </FormModal>
  );
}

/** Schedule the QBR meeting (date, attendees) and download its .ics invitation. */
export function ScheduleQbr({ qbrId, meetings }: { qbrId: string; meetings: { id: string; startsAt: Date }[] }) {
  const [open, setOpen] = useState(false);
  const meeting = meetings.at(-1);
  return (
    <>
      {meeting && <Anchor href={`/api/csm/qbrs/${qbrId}/meetings/${meeting.id}/ics`} size="sm">Calendar invite (.ics) for {formatDateTime(meeting.startsAt)}</Anchor>}
      <Button variant="default" onClick={() => setOpen(true)}>Schedule</Button>
      {open && <ScheduleQbrModal qbrId={qbrId} onClose={() => setOpen(false)} />}
    </>
  );
}
