import { fieldError, onlyFieldErrors } from "@atrium/ui";
import { Button, Group, NumberInput, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

const MAX = 1_000_000;
const OUT_OF_RANGE = "Enter a whole number from 1 to 1,000,000.";

/** Sets the organization's own limit, or goes back to the plan's. */
export function RateLimitForm({ orgId, current }: { orgId: string; current: { perMinute: number; burst: number; custom: boolean } }) {
  const [perMinute, setPerMinute] = useState<number | string>(current.perMinute);
  const [burst, setBurst] = useState<number | string>(current.burst);
  const save = useMutation(
    trpc.settings.updateRateLimit.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.rateLimit.queryKey() });
        notifications.show({ color: "green", message: input.perMinute === null ? "The plan's default rate limit applies again." : "Rate limit saved." });
      },
    }),
  );
  const valid = (n: number | string) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX;
  const changed = perMinute !== current.perMinute || burst !== current.burst;
  // Said on the field as soon as a value is out of range, or by the server after a save.
  const problem = (n: number | string, field: "perMinute" | "burst") => (n !== "" && !valid(n) ? OUT_OF_RANGE : fieldError(save.error, field));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (valid(perMinute) && valid(burst)) save.mutate({ orgId, perMinute: Number(perMinute), burst: Number(burst) });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {!onlyFieldErrors(save.error, ["perMinute", "burst"]) && <MutationError error={save.error} />}
        <Group grow align="flex-start">
          <NumberInput
            label="Requests per minute"
            description="The steady pace"
            min={1}
            max={MAX}
            allowDecimal={false}
            clampBehavior="none"
            thousandSeparator=","
            value={perMinute}
            onChange={setPerMinute}
            error={problem(perMinute, "perMinute")}
          />
          <NumberInput
            label="Burst"
            description="How many may arrive at once"
            min={1}
            max={MAX}
            allowDecimal={false}
            clampBehavior="none"
            thousandSeparator=","
            value={burst}
            onChange={setBurst}
            error={problem(burst, "burst")}
          />
        </Group>
        <Group justify="flex-end">
          {current.custom && (
            <Button variant="default" loading={save.isPending && save.variables.perMinute === null} onClick={() => save.mutate({ orgId, perMinute: null, burst: null })}>
              Reset to plan default
            </Button>
          )}
          <Button type="submit" loading={save.isPending && save.variables.perMinute !== null} disabled={!changed || !valid(perMinute) || !valid(burst)}>
            Save rate limit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
