import { serverFieldErrors, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

const MIN_LENGTH = 10;

/** The forms' own checks, in the server's sentences (it checks again). */
const ZForgotForm = z.object({
  email: z.string().trim().pipe(z.email({ error: "Enter your work e-mail address." }).max(320, { error: "An e-mail address has at most 320 characters." })),
});
const ZResetForm = z
  .object({
    password: z.string().min(MIN_LENGTH, { error: `Choose a password of at least ${MIN_LENGTH} characters.` }).max(1024, { error: "A password has at most 1,024 characters." }),
    again: z.string(),
  })
  .refine((v) => v.again === v.password, { path: ["again"], error: "The two passwords differ." });

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
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const form = useZodForm(ZForgotForm, { email: "" }, request.error);
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
      <ZodForm form={form} error={request.error} label="Reset your password" gap="md" onSubmit={(v) => request.mutate({ email: v.email.trim() })}>
        <Text size="sm" c="dimmed">Enter the e-mail you sign in with; we will send you a link to choose a new password.</Text>
        <TextInput label="Work e-mail" type="email" autoComplete="username" required {...form.getInputProps("email")} />
        <Button type="submit" loading={request.isPending} fullWidth>Send the reset link</Button>
      </ZodForm>
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
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const form = useZodForm(ZResetForm, { password: "", again: "" }, reset.error);
  // A refusal that is not about the password is about the link: offer a new one.
  const linkRefused = reset.isError && !serverFieldErrors(reset.error)?.["password"];

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
      <ZodForm form={form} error={reset.error} label="Choose a new password" gap="md" onSubmit={(v) => reset.mutate({ token, password: v.password })}>
        {linkRefused && <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/forgot-password" />}>Ask for a new link</Anchor>}
        <PasswordInput label="New password" description={`At least ${MIN_LENGTH} characters`} autoComplete="new-password" {...form.getInputProps("password")} />
        <PasswordInput label="New password, again" autoComplete="new-password" {...form.getInputProps("again")} />
        <Button type="submit" loading={reset.isPending} fullWidth>Set the new password</Button>
      </ZodForm>
    </AuthCard>
  );
}
