import { MutationErrorAlert, serverFieldErrors, useZodForm } from "@atrium/ui";
import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

export const MIN_PASSWORD_LENGTH = 10;

/** What the form checks first; the server checks the password's strength again. */
const ZNewAccountForm = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`),
});

/** Creates the invited person's account and joins them; the server signs them in. */
export function NewAccountForm({ token, email, onJoined }: { token: string; email: string; onJoined(organizationId: string): void }) {
  const accept = useMutation(trpc.invitations.invitee.acceptAsNewUser.mutationOptions({ onSuccess: ({ organizationId }) => onJoined(organizationId) }));
  const form = useZodForm(ZNewAccountForm, { name: "", password: "" }, accept.error);
  const onFields = serverFieldErrors(accept.error);
  const summary = onFields && Object.keys(onFields).every((key) => key === "name" || key === "password") ? null : accept.error;

  return (
    <form onSubmit={form.onSubmit((v) => accept.mutate({ token, name: v.name.trim(), password: v.password }))} aria-label="Create your account" noValidate>
      <Stack>
        <MutationErrorAlert error={summary} />
        <TextInput label="E-mail" value={email} readOnly description="The invited address; it becomes your sign-in." />
        <TextInput label="Your name" required maxLength={100} autoComplete="name" {...form.getInputProps("name")} />
        <PasswordInput
          label="Choose a password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters`}
          required
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <Button type="submit" loading={accept.isPending} fullWidth>Create account and join</Button>
      </Stack>
    </form>
  );
}
