import { fieldError } from "@atrium/ui";
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent, type ReactNode } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

const MIN_LENGTH = 10;

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={400} radius="lg">
        <Stack>
          <Title order={1} size="h2">{title}</Title>
          {children}
          <Anchor size="sm" ta="center" renderRoot={(props) => <Link {...props} to="/login" search={{}} />}>Back to sign-in</Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}

/**
 * "Forgot password": the address, then the same sentence whatever it was (an account or not,
 * SSO or not), so the page tells nobody who has an account here.
 */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate({ email: email.trim() });
  }
  if (request.isSuccess) {
    return (
      <AuthCard title="Check your e-mail">
        <Text role="status">
          If {request.variables.email} has an Atrium account that signs in with a password, we have sent it a link to choose a new one.
          The link works once, for 30 minutes.
        </Text>
        <Text size="sm" c="dimmed">Nothing arrived? Check the spam folder, or ask again in a few minutes. People whose organization uses single sign-on manage their password with their identity provider.</Text>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Reset your password">
      <form onSubmit={submit} aria-label="Reset your password" noValidate>
        <Stack>
          <Text size="sm" c="dimmed">Enter the e-mail you sign in with; we will send you a link to choose a new password.</Text>
          {!fieldError(request.error, "email") && <MutationError error={request.error} />}
          <TextInput label="Work e-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(request.error, "email")} />
          <Button type="submit" loading={request.isPending} fullWidth>Send the reset link</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

/** The token from the e-mail's link: in the fragment (`#token=…`), which no server ever receives. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}

/** The e-mail's link: choose the new password (twice); afterwards, sign in with it. */
export function ResetPasswordPage() {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [tried, setTried] = useState(false);
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const tooShort = password.length < MIN_LENGTH ? `Choose a password of at least ${MIN_LENGTH} characters.` : undefined;
  const mismatch = again !== password ? "The two passwords differ." : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!tooShort && !mismatch) reset.mutate({ token, password });
  }

  if (reset.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <Text role="status">Your password is changed, and you are signed out everywhere else. Sign in with the new password.</Text>
        <Button renderRoot={(props) => <Link {...props} to="/login" search={{}} />} fullWidth>Sign in</Button>
      </AuthCard>
    );
  }
  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Alert color="red" role="alert">This page opens from the link in a reset e-mail, and this link has no token.</Alert>
        <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/forgot-password" />}>Ask for a new link</Anchor>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} aria-label="Choose a new password" noValidate>
        <Stack>
          {!fieldError(reset.error, "password") && <MutationError error={reset.error} />}
          {reset.isError && !fieldError(reset.error, "password") && (
            <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/forgot-password" />}>Ask for a new link</Anchor>
          )}
          <PasswordInput label="New password" description={`At least ${MIN_LENGTH} characters`} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={(tried ? tooShort : undefined) ?? fieldError(reset.error, "password")} />
          <PasswordInput label="New password, again" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={tried ? mismatch : undefined} />
          <Button type="submit" loading={reset.isPending} fullWidth>Set the new password</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
