import { errorMessage, fieldError, formatDateTime, onlyFieldErrors } from "@atrium/ui";
import { Alert, Anchor, Button, Modal, NumberInput, Stack, TagsInput, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

const FIELDS = ["startsAt", "durationMinutes", "attendees", "attendees.0", "location"];

/** Schedule the QBR meeting (date, attendees) and download its .ics invitation. */
export function ScheduleQbr({ qbrId, meetings }: { qbrId: string; meetings: { id: string; startsAt: Date }[] }) {
  const [open, setOpen] = useState(false);
  const [startsAt, setStartsAt] = useState("");
  const [duration, setDuration] = useState(60);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [location, setLocation] = useState("Video call");
  const queryClient = useQueryClient();
  const schedule = useMutation(
    trpc.qbr.schedule.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.qbr.pathKey() });
      },
    }),
  );
  const meeting = meetings.at(-1);
  return (
    <>
      {meeting && <Anchor href={`/api/csm/qbrs/${qbrId}/meetings/${meeting.id}/ics`} size="sm">Calendar invite (.ics) for {formatDateTime(meeting.startsAt)}</Anchor>}
      <Button variant="default" onClick={() => setOpen(true)}>Schedule</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Schedule the QBR">
        <Stack>
          <TextInput type="datetime-local" label="Date and time" required value={startsAt} onChange={(e) => setStartsAt(e.currentTarget.value)} error={fieldError(schedule.error, "startsAt")} />
          <NumberInput label="Duration (minutes)" min={15} max={480} value={duration} onChange={(v) => setDuration(Number(v) || 60)} error={fieldError(schedule.error, "durationMinutes")} />
          <TagsInput label="Attendees (e-mail)" value={attendees} onChange={setAttendees} error={fieldError(schedule.error, "attendees") ?? fieldError(schedule.error, "attendees.0")} />
          <TextInput label="Location" value={location} onChange={(e) => setLocation(e.currentTarget.value)} error={fieldError(schedule.error, "location")} />
          {schedule.isError && !onlyFieldErrors(schedule.error, FIELDS) && <Alert color="red">{errorMessage(schedule.error)}</Alert>}
          <Button disabled={!startsAt || attendees.length === 0} loading={schedule.isPending} onClick={() => schedule.mutate({ qbrId, startsAt: new Date(startsAt), durationMinutes: duration, attendees, location })}>Schedule</Button>
        </Stack>
      </Modal>
    </>
  );
}
