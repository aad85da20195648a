import { formatDateTime, QueryView, useZodForm, valuesProblems, ZodForm } from "@atrium/ui";
import { Button, Checkbox, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

type Policy = { idleTimeoutMinutes: number | null; maxLifetimeHours: number | null };

const asNumber = (v: number | string) => (typeof v === "number" ? v : Number.NaN);

/**
 * The form's own checks, in the server's words (the server checks again): a limit that is on
 * must be in range, and the idle timeout no longer than the lifetime. Said while typed.
 */
const ZSessionPolicyForm = z
  .object({ idleOn: z.boolean(), idleTimeoutMinutes: z.union([z.number(), z.string()]), maxOn: z.boolean(), maxLifetimeHours: z.union([z.number(), z.string()]) })
  .superRefine((v, ctx) => {
    const idle = asNumber(v.idleTimeoutMinutes);
    const max = asNumber(v.maxLifetimeHours);
    const problem = (path: "idleTimeoutMinutes" | "maxLifetimeHours", message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const idleBad = v.idleOn && (!Number.isInteger(idle) || idle < 5 || idle > 10_080);
    const maxBad = v.maxOn && (!Number.isInteger(max) || max < 1 || max > 720);
    if (idleBad) problem("idleTimeoutMinutes", idle > 10_080 ? "The idle timeout is at most 7 days (10,080 minutes)." : "The idle timeout is at least 5 minutes.");
    if (maxBad) problem("maxLifetimeHours", max > 720 ? "The maximum lifetime is at most 30 days (720 hours)." : "The maximum lifetime is at least 1 hour.");
    if (!idleBad && !maxBad && v.idleOn && v.maxOn && idle > max * 60) problem("idleTimeoutMinutes", "The idle timeout cannot be longer than the maximum lifetime.");
  });

/** The policy's two limits: each switched on by its checkbox, then a number in its own unit and range. */
const LIMITS = [
  {
    on: "idleOn",
    field: "idleTimeoutMinutes",
    toggle: "Sign out after a period of inactivity",
    label: "Idle timeout",
    description: "From 5 minutes to 7 days",
    suffix: " minutes",
    min: 5,
    max: 10_080,
  },
  {
    on: "maxOn",
    field: "maxLifetimeHours",
    toggle: "Limit how long a session can last",
    label: "Maximum session lifetime",
    description: "From 1 hour to 30 days, however active",
    suffix: " hours",
    min: 1,
    max: 720,
  },
] as const;

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
  const save = useMutation(
    trpc.settings.updateSessionPolicy.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.settings.sessionPolicy.queryKey({ orgId }), saved);
        notifications.show({ color: "green", message: "Session policy saved. It applies from members' next request." });
      },
    }),
  );
  const form = useZodForm(
    ZSessionPolicyForm,
    { idleOn: current.idleTimeoutMinutes !== null, idleTimeoutMinutes: current.idleTimeoutMinutes ?? 30, maxOn: current.maxLifetimeHours !== null, maxLifetimeHours: current.maxLifetimeHours ?? 12 },
    save.error,
  );
  const v = form.values;
  const draft: Policy = { idleTimeoutMinutes: v.idleOn ? asNumber(v.idleTimeoutMinutes) : null, maxLifetimeHours: v.maxOn ? asNumber(v.maxLifetimeHours) : null };
  const live = valuesProblems(ZSessionPolicyForm, v);
  const changed = draft.idleTimeoutMinutes !== current.idleTimeoutMinutes || draft.maxLifetimeHours !== current.maxLifetimeHours;
  const errorOf = (field: "idleTimeoutMinutes" | "maxLifetimeHours", on: boolean) => (on ? (live[field] ?? form.errors[field]) : undefined);

  return (
    <ZodForm form={form} error={save.error} disabled={!canEdit} onSubmit={() => save.mutate({ orgId, ...draft })}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {LIMITS.map(({ on, field, toggle, ...input }) => (
          <Stack key={field} gap={6}>
            <Checkbox label={toggle} {...form.getInputProps(on, { type: "checkbox" })} />
            <NumberInput
              {...input}
              allowDecimal={false}
              thousandSeparator=","
              disabled={!v[on]}
              {...form.getInputProps(field)}
              error={errorOf(field, v[on])}
            />
          </Stack>
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{current.updatedAt ? `Last changed ${formatDateTime(current.updatedAt)}` : "Never changed: the platform default applies."}</Text>
        {canEdit && <Button type="submit" disabled={Object.keys(live).length > 0 || !changed} loading={save.isPending}>Save session policy</Button>}
      </Group>
    </ZodForm>
  );
}
