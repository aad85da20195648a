import { fieldError, formatDateTime, onlyFieldErrors, QueryView } from "@atrium/ui";
import { Button, Checkbox, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

type Policy = { idleTimeoutMinutes: number | null; maxLifetimeHours: number | null };
const FIELDS = ["idleTimeoutMinutes", "maxLifetimeHours"] as const;

/** The form's own checks, in the server's words (the server checks again). */
export function sessionPolicyProblems(p: Policy): Partial<Record<(typeof FIELDS)[number], string>> {
  const problems: Partial<Record<(typeof FIELDS)[number], string>> = {};
  const idle = p.idleTimeoutMinutes;
  const max = p.maxLifetimeHours;
  if (idle !== null && (!Number.isInteger(idle) || idle < 5)) problems.idleTimeoutMinutes = "The idle timeout is at least 5 minutes.";
  else if (idle !== null && idle > 10_080) problems.idleTimeoutMinutes = "The idle timeout is at most 7 days (10,080 minutes).";
  if (max !== null && (!Number.isInteger(max) || max < 1)) problems.maxLifetimeHours = "The maximum lifetime is at least 1 hour.";
  else if (max !== null && max > 720) problems.maxLifetimeHours = "The maximum lifetime is at most 30 days (720 hours).";
  if (!problems.idleTimeoutMinutes && !problems.maxLifetimeHours && idle !== null && max !== null && idle > max * 60) {
    problems.idleTimeoutMinutes = "The idle timeout cannot be longer than the maximum lifetime.";
  }
  return problems;
}

/**
 * Idle timeout and maximum session lifetime for everyone in the organization (and its child
 * organizations). Saved, it applies at members' next request on every server: sessions past the
 * new limits end and their owners sign in again.
 */
export function SessionPolicyCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const policy = useQuery(trpc.settings.sessionPolicy.queryOptions({ orgId }));
  return (
    <Paper withBorder p="lg" component="section" aria-label="Session policy">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Session policy</Title>
          <Text size="sm" c="dimmed">
            How long members stay signed in. Without limits, a session lasts 30 days from its last use. Applies to child organizations
            too; a person in several organizations gets the strictest.
          </Text>
        </div>
        <QueryView query={policy} label="the session policy">
          {(p) => <SessionPolicyForm key={String(p.updatedAt)} orgId={orgId} current={p} canEdit={canEdit} />}
        </QueryView>
      </Stack>
    </Paper>
  );
}

function SessionPolicyForm({ orgId, current, canEdit }: { orgId: string; current: Policy & { updatedAt: Date | null }; canEdit: boolean }) {
  const [idleOn, setIdleOn] = useState(current.idleTimeoutMinutes !== null);
  const [idle, setIdle] = useState<number | string>(current.idleTimeoutMinutes ?? 30);
  const [maxOn, setMaxOn] = useState(current.maxLifetimeHours !== null);
  const [max, setMax] = useState<number | string>(current.maxLifetimeHours ?? 12);
  const save = useMutation(
    trpc.settings.updateSessionPolicy.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.settings.sessionPolicy.queryKey({ orgId }), saved);
        notifications.show({ color: "green", message: "Session policy saved. It applies from members' next request." });
      },
    }),
  );
  const draft: Policy = {
    idleTimeoutMinutes: idleOn ? (typeof idle === "number" ? idle : Number.NaN) : null,
    maxLifetimeHours: maxOn ? (typeof max === "number" ? max : Number.NaN) : null,
  };
  const problems = sessionPolicyProblems(draft);
  const valid = Object.keys(problems).length === 0;
  const changed = draft.idleTimeoutMinutes !== current.idleTimeoutMinutes || draft.maxLifetimeHours !== current.maxLifetimeHours;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (valid) save.mutate({ orgId, ...draft });
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={6}>
              <Checkbox label="Sign out after a period of inactivity" checked={idleOn} onChange={(e) => setIdleOn(e.currentTarget.checked)} />
              <NumberInput
                label="Idle timeout"
                description="From 5 minutes to 7 days"
                suffix=" minutes"
                min={5}
                max={10_080}
                allowDecimal={false}
                thousandSeparator=","
                disabled={!idleOn}
                value={idle}
                onChange={setIdle}
                error={idleOn ? (problems.idleTimeoutMinutes ?? fieldError(save.error, "idleTimeoutMinutes")) : undefined}
              />
            </Stack>
            <Stack gap={6}>
              <Checkbox label="Limit how long a session can last" checked={maxOn} onChange={(e) => setMaxOn(e.currentTarget.checked)} />
              <NumberInput
                label="Maximum session lifetime"
                description="From 1 hour to 30 days, however active"
                suffix=" hours"
                min={1}
                max={720}
                allowDecimal={false}
                disabled={!maxOn}
                value={max}
                onChange={setMax}
                error={maxOn ? (problems.maxLifetimeHours ?? fieldError(save.error, "maxLifetimeHours")) : undefined}
              />
            </Stack>
          </SimpleGrid>
          {!onlyFieldErrors(save.error, FIELDS) && <MutationError error={save.error} />}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">{current.updatedAt ? `Last changed ${formatDateTime(current.updatedAt)}` : "Never changed: the platform default applies."}</Text>
            {canEdit && <Button type="submit" disabled={!valid || !changed} loading={save.isPending}>Save session policy</Button>}
          </Group>
        </Stack>
      </fieldset>
    </form>
  );
}
