import { errorMessage, fieldError, onlyFieldErrors } from "@atrium/ui";
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";

export const MIN_PASSWORD_LENGTH = 10;

/** Creates the invited person's account and joins them; the server signs them in. */
export function NewAccountForm({ token, email, onJoined }: { token: string; email: string; onJoined(organizationId: string): void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation(trpc.invitation.acceptAsNewUser.mutationOptions({ onSuccess: ({ organizationId }) => onJoined(organizationId) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    accept.mutate({ token, name: name.trim(), password });
  }

  return (
    <form onSubmit={submit} aria-label="Create your account">
      <Stack>
        {accept.isError && !onlyFieldErrors(accept.error, ["name", "password"]) && <Alert color="red" role="alert">{errorMessage(accept.error)}</Alert>}
        <TextInput label="E-mail" value={email} readOnly description="The invited address; it becomes your sign-in." />
        <TextInput label="Your name" required maxLength={100} autoComplete="name" error={fieldError(accept.error, "name")} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <PasswordInput
          label="Choose a password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters`}
          required
          minLength={MIN_PASSWORD_LENGTH}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError(accept.error, "password")}
        />
        <Button type="submit" loading={accept.isPending} fullWidth>Create account and join</Button>
      </Stack>
    </form>
  );
}
