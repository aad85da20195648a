import { errorMessage, formatDate, PageHeader, ZodForm } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { client, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { EnrollForm, type Enrollment } from "./enroll-form.tsx";
import { RecoveryCodes } from "./recovery-codes.tsx";
import { useCodeForm } from "./use-code-form.ts";

/** The signed-in person's two-factor authentication: enrol, new recovery codes, turn off. */
export function MfaPage() {
  const queryClient = useQueryClient();
  const status = useQuery(trpc.mfa.status.queryOptions());
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.mfa.status.queryKey() });
  const start = useMutation(trpc.mfa.enrollStart.mutationOptions({ onSuccess: setEnrollment }));

  return (
    <Stack gap="lg" maw={640}>
      <PageHeader title="Two-factor authentication" description="A code from an authenticator app after your password keeps your account safe if the password leaks." />
      {status.isPending && <Loader aria-label="Loading your two-factor settings" />}
      {status.isError && <Alert color="red" role="alert">{errorMessage(status.error)}</Alert>}
      {codes && (
        <Paper withBorder p="lg">
          <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
        </Paper>
      )}
      {status.data && !codes && !status.data.enabled && (
        <Paper withBorder p="lg" component="section" aria-label="Set up">
          <Stack>
            <Group gap="sm">
              <Text fw={600}>Status</Text>
              <Badge color="gray" variant="light">Off</Badge>
            </Group>
            {!enrollment && (
              <>
                <MutationError error={start.error} />
                <Button w="fit-content" loading={start.isPending} onClick={() => start.mutate()}>Set up authenticator app</Button>
              </>
            )}
            {enrollment && (
              <EnrollForm
                enrollment={enrollment}
                onConfirm={async (code) => {
                  const result = await client.mfa.enrollConfirm.mutate({ code });
                  setEnrollment(null);
                  setCodes(result.recoveryCodes);
                  await refresh();
                }}
              />
            )}
          </Stack>
        </Paper>
      )}
      {status.data?.enabled && !codes && (
        <Paper withBorder p="lg" component="section" aria-label="Authenticator app">
          <Stack>
            <Group gap="sm">
              <Text fw={600}>Status</Text>
              <Badge color="green" variant="light">On</Badge>
              {status.data.enabledAt && <Text size="sm" c="dimmed">since {formatDate(status.data.enabledAt)}</Text>}
            </Group>
            <Text size="sm">{status.data.recoveryCodesLeft} of 10 recovery codes left.</Text>
            <CodeAction
              label="New recovery codes"
              description="Replaces all your recovery codes. Confirm with a code from your app."
              onSubmit={async (code) => setCodes((await client.mfa.regenerateRecoveryCodes.mutate({ code })).recoveryCodes)}
            />
            <CodeAction
              label="Turn off two-factor authentication"
              description="Removes your authenticator and recovery codes."
              color="red"
              onSubmit={async (code) => {
                await client.mfa.disable.mutate({ code });
                await refresh();
              }}
            />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/** An action confirmed with a code from the app (or a recovery code): the code is required, the server says whether it is right. */
function CodeAction({ label, description, color, onSubmit }: { label: string; description: string; color?: string; onSubmit(code: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const { form, error, pending, submit } = useCodeForm(async (code) => {
    await onSubmit(code);
    setOpen(false);
  });
  if (!open) {
    return (
      <Button
        variant="default"
        color={color}
        w="fit-content"
        onClick={() => {
          form.reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
    );
  }
  return (
    <ZodForm form={form} error={error} label={label} gap="xs" onSubmit={submit}>
      <Text size="sm">{description}</Text>
      <Group align="flex-start">
        <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" withAsterisk {...form.getInputProps("code")} />
        <Button type="submit" color={color} loading={pending} mt={25}>{label}</Button>
        <Button variant="subtle" onClick={() => setOpen(false)} mt={25}>Cancel</Button>
      </Group>
    </ZodForm>
  );
}
