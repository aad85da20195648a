import { FormModal, numberField, useZodForm } from "@atrium/ui";
import { Alert, Button, NumberInput, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

/** The same checks as the server's, said in sentences on the fields. */
const ZImpersonateForm = z.object({
  reason: z.string().trim().min(10, "Give a reason of at least 10 characters: the customer reads it.").max(1000, "A reason has at most 1,000 characters."),
  minutes: numberField(z.number({ error: "Enter a duration from 5 to 480 minutes." }).int({ error: "Enter whole minutes." }).min(5, { error: "Enter a duration from 5 to 480 minutes." }).max(480, { error: "Enter a duration from 5 to 480 minutes." })),
});

/** "Log in as customer": a reason and a duration, then the admin console opens read-only (or waits for the owner's approval). */
export function ImpersonateButton({ organizationId, name }: { organizationId: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>Log in as customer</Button>
      {open && <ImpersonateModal organizationId={organizationId} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}

function ImpersonateModal({ organizationId, name, onClose }: { organizationId: string; name: string; onClose(): void }) {
  const start = useMutation(
    trpc.staff.impersonation.start.mutationOptions({
      onSuccess: (session) => {
        if (session.status === "active") window.location.assign(`/admin/orgs/${organizationId}`);
      },
    }),
  );
  const form = useZodForm(ZImpersonateForm, { reason: "", minutes: 30 }, start.error);
  return (
    <FormModal
      title={`Sign in to ${name}`}
      form={form}
      onSubmit={(v) => start.mutate({ organizationId, reason: v.reason.trim(), minutes: Number(v.minutes) })}
      onClose={onClose}
      submitLabel="Start read-only session"
      mutation={start}
    >
      <Textarea label="Reason" description="Shown to the customer and kept in their audit log" required data-autofocus {...form.getInputProps("reason")} />
      <NumberInput label="Duration (minutes)" required min={5} max={480} allowDecimal={false} {...form.getInputProps("minutes")} />
      {start.data?.status === "pending" && <Alert color="yellow">Waiting for an owner of {name} to approve.</Alert>}
    </FormModal>
  );
}
