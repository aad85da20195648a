import { numberField, useZodForm, valuesProblems, ZodForm } from "@atrium/ui";
import { Button, Group, NumberInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

const MAX = 1_000_000;
const OUT_OF_RANGE = { error: "Enter a whole number from 1 to 1,000,000." };
const ZLimit = numberField(z.number(OUT_OF_RANGE).int(OUT_OF_RANGE).min(1, OUT_OF_RANGE).max(MAX, OUT_OF_RANGE));

/** The same range as the server's, said on the field as soon as a value is out of it. */
const ZRateLimitForm = z.object({ perMinute: ZLimit, burst: ZLimit });

/** The form's two limits: the same kind of field, each with its own name and meaning. */
const FIELDS = [
  { field: "perMinute", label: "Requests per minute", description: "The steady pace" },
  { field: "burst", label: "Burst", description: "How many may arrive at once" },
] as const;

/** Sets the organization's own limit, or goes back to the plan's. */
export function RateLimitForm({ orgId, current }: { orgId: string; current: { perMinute: number; burst: number; custom: boolean } }) {
  const save = useMutation(
    trpc.settings.updateRateLimit.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.rateLimit.queryKey() });
        notifications.show({ color: "green", message: input.perMinute === null ? "The plan's default rate limit applies again." : "Rate limit saved." });
      },
    }),
  );
  const form = useZodForm(ZRateLimitForm, { perMinute: current.perMinute, burst: current.burst }, save.error);
  const { perMinute, burst } = form.values;
  const live = valuesProblems(ZRateLimitForm, form.values);
  const changed = perMinute !== current.perMinute || burst !== current.burst;
  // An empty field says nothing until the form is sent; a value out of range, at once.
  const errorOf = (field: "perMinute" | "burst") => (form.values[field] !== "" ? live[field] : undefined) ?? form.errors[field];

  return (
    <ZodForm form={form} error={save.error} onSubmit={(v) => save.mutate({ orgId, perMinute: Number(v.perMinute), burst: Number(v.burst) })}>
      <Group grow align="flex-start">
        {FIELDS.map(({ field, label, description }) => (
          <NumberInput
            key={field}
            label={label}
            description={description}
            min={1}
            max={MAX}
            allowDecimal={false}
            clampBehavior="none"
            thousandSeparator=","
            {...form.getInputProps(field)}
            error={errorOf(field)}
          />
        ))}
      </Group>
      <Group justify="flex-end">
        {current.custom && (
          <Button variant="default" loading={save.isPending && save.variables.perMinute === null} onClick={() => save.mutate({ orgId, perMinute: null, burst: null })}>
            Reset to plan default
          </Button>
        )}
        <Button type="submit" loading={save.isPending && save.variables.perMinute !== null} disabled={!changed || Object.keys(live).length > 0}>
          Save rate limit
        </Button>
      </Group>
    </ZodForm>
  );
}
