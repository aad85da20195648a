/**
 * The second step of the sign-in page: a TOTP or recovery code, or — when an
 * organization requires MFA and the user has none — enrolment first, then the
 * recovery codes. Calls `onSignedIn` once there is a session.
 */
import { errorMessage, ZodForm } from "@atrium/ui";
import { Alert, Anchor, Button, Center, Loader, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { client } from "../../lib/api.ts";
import { EnrollForm, type Enrollment } from "./enroll-form.tsx";
import { RecoveryCodes } from "./recovery-codes.tsx";
import { useCodeForm } from "./use-code-form.ts";

export interface MfaChallenge {
  challenge: string;
  mode: "verify" | "enroll";
}

export function MfaLoginStep({ step, onSignedIn, onCancel }: { step: MfaChallenge; onSignedIn(): Promise<void>; onCancel(): void }) {
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={420} radius="lg">
        {step.mode === "verify" ? (
          <VerifyCode challenge={step.challenge} onSignedIn={onSignedIn} onCancel={onCancel} />
        ) : (
          <EnrollFirst challenge={step.challenge} onSignedIn={onSignedIn} />
        )}
      </Paper>
    </Center>
  );
}

function VerifyCode({ challenge, onSignedIn, onCancel }: { challenge: string; onSignedIn(): Promise<void>; onCancel(): void }) {
  const [recovery, setRecovery] = useState(false);
  const { form, error, pending, submit } = useCodeForm(async (code) => {
    await client.mfa.challenge.verify.mutate({ challenge, code });
    await onSignedIn();
  });

  return (
    <ZodForm form={form} error={error} label="Two-factor authentication" gap="md" onSubmit={submit}>
        <div>
          <Title order={1} size="h2">Two-factor authentication</Title>
          <Text c="dimmed" size="sm">
            {recovery ? "Enter one of your recovery codes." : "Enter the six-digit code from your authenticator app."}
          </Text>
        </div>
        <TextInput
          label={recovery ? "Recovery code" : "Authentication code"}
          inputMode={recovery ? "text" : "numeric"}
          autoComplete="one-time-code"
          autoFocus
          required
          {...form.getInputProps("code")}
        />
        <Button type="submit" loading={pending} fullWidth>Verify</Button>
        <Anchor component="button" type="button" size="sm" onClick={() => { setRecovery((r) => !r); form.reset(); }}>
          {recovery ? "Use your authenticator app" : "Use a recovery code"}
        </Anchor>
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onCancel}>Back to sign in</Anchor>
    </ZodForm>
  );
}

function EnrollFirst({ challenge, onSignedIn }: { challenge: string; onSignedIn(): Promise<void> }) {
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.mfa.challenge.enrollStart.mutate({ challenge }).then(setEnrollment, (e: unknown) => setError(errorMessage(e)));
  }, [challenge]);

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">Set up two-factor authentication</Title>
        <Text c="dimmed" size="sm">Your organization requires a second factor for password sign-in.</Text>
      </div>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {!enrollment && !error && <Loader aria-label="Preparing your authenticator key" />}
      {enrollment && !codes && (
        <EnrollForm
          enrollment={enrollment}
          onConfirm={async (code) => setCodes((await client.mfa.challenge.enrollConfirm.mutate({ challenge, code })).recoveryCodes)}
        />
      )}
      {codes && <RecoveryCodes codes={codes} onDone={() => void onSignedIn()} doneLabel="Continue to Atrium" />}
    </Stack>
  );
}
