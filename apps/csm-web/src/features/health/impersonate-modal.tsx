import { errorMessage } from "@atrium/ui";
import { Alert, Button, Modal, NumberInput, Stack, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

/** "Log in as customer": a reason and a duration, then the admin console opens read-only (or waits for the owner's approval). */
export function ImpersonateButton({ organizationId, name }: { organizationId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState<number>(30);
  const start = useMutation(
    trpc.staff.impersonation.start.mutationOptions({
      onSuccess: (session) => {
        if (session.status === "active") window.location.assign(`/admin/orgs/${organizationId}`);
      },
    }),
  );
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>Log in as customer</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Sign in to ${name}`}>
        <Stack>
          <Textarea label="Reason" description="Shown to the customer and kept in their audit log" required minLength={10} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <NumberInput label="Duration (minutes)" required min={5} max={480} value={minutes} onChange={(v) => setMinutes(Number(v) || 5)} />
          {start.data?.status === "pending" && <Alert color="yellow">Waiting for an owner of {name} to approve.</Alert>}
          {start.isError && <Alert color="red">{errorMessage(start.error)}</Alert>}
          <Button disabled={reason.trim().length < 10} loading={start.isPending} onClick={() => start.mutate({ organizationId, reason, minutes })}>Start read-only session</Button>
        </Stack>
      </Modal>
    </>
  );
}
