import { FormModal, PLAN_LABELS, useZodForm } from "@atrium/ui";
import { FEATURES, type Feature } from "@atrium/rbac";
import { MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

type Plan = keyof typeof PLAN_LABELS;
const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** A new licence starts today; a renewal when the licence it renews ends (or today, if that has passed). */
const startOf = (renews?: { expiresAt: Date }) => new Date(Math.max(Date.now(), renews?.expiresAt.getTime() ?? 0));
const ZDay = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `Choose the day the licence ${what}.`);

/**
 * What the form checks first, nested under `terms` like the procedure's input
 * so the server's field errors ("terms.seats") land on the same fields. The
 * server checks every term again (dates in order, seats, grace, features).
 */
const ZLicenseForm = z.object({
  terms: z.object({
    plan: z.enum(Object.keys(PLAN_LABELS) as [Plan, ...Plan[]]),
    extraFeatures: z.array(z.string()),
    seats: z.number({ error: "Give the number of seats." }).int("Seats are a whole number.").min(1, "A licence covers at least 1 seat.").max(1_000_000, "A licence covers at most 1,000,000 seats."),
    startsAt: ZDay("starts"),
    expiresAt: ZDay("expires"),
    graceDays: z.number({ error: "Give the grace period in days (0 for none)." }).int("The grace period is a whole number of days.").min(0, "The grace period cannot be negative.").max(90, "The grace period is at most 90 days."),
    installationId: z.string().trim(),
  }),
});

/**
 * Issues a licence (or, with `renews`, the licence that renews one): plan,
 * features beyond the plan, seats, dates, grace period and, optionally, the
 * installation it is bound to. Calls `onIssued` with the signed key.
 */
export function IssueLicenseModal(props: { organizationId: string; renews?: { id: string; plan: Plan; seats: number; expiresAt: Date; graceDays: number; installationId: string | null }; onIssued(token: string): void; onClose(): void }) {
  const base = props.renews;
  const done = async (result: { token: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.licensing.issued.list.queryKey() });
    props.onIssued(result.token);
  };
  const issue = useMutation(trpc.licensing.issued.issue.mutationOptions({ onSuccess: done }));
  const renew = useMutation(trpc.licensing.issued.renew.mutationOptions({ onSuccess: done }));
  const mutation = base ? renew : issue;
  const start = startOf(base);
  const form = useZodForm(
    ZLicenseForm,
    {
      terms: {
        plan: base?.plan ?? "enterprise",
        extraFeatures: [],
        seats: base?.seats ?? 50,
        startsAt: isoDay(start),
        expiresAt: isoDay(new Date(start.getTime() + 365 * DAY)),
        graceDays: base?.graceDays ?? 14,
        installationId: base?.installationId ?? "",
      },
    },
    mutation.error,
  );

  function submit({ terms: t }: z.output<typeof ZLicenseForm>) {
    const terms = {
      plan: t.plan,
      extraFeatures: t.extraFeatures as Feature[],
      seats: t.seats,
      startsAt: new Date(`${t.startsAt}T00:00:00Z`),
      expiresAt: new Date(`${t.expiresAt}T23:59:59Z`),
      graceDays: t.graceDays,
      installationId: t.installationId || null,
    };
    if (base) renew.mutate({ licenseId: base.id, terms });
    else issue.mutate({ organizationId: props.organizationId, terms });
  }

  return (
    <FormModal
      title={base ? "Renew licence" : "Issue a licence"}
      form={form}
      onSubmit={(values) => submit(ZLicenseForm.parse(values))}
      onClose={props.onClose}
      submitLabel={base ? "Renew" : "Issue licence"}
      pending={mutation.isPending}
      error={mutation.error}
      size="lg"
    >
      <SimpleGrid cols={2}>
        <Select label="Plan" data={(Object.keys(PLAN_LABELS) as Plan[]).map((p) => ({ value: p, label: PLAN_LABELS[p] }))} allowDeselect={false} {...form.getInputProps("terms.plan")} />
        <NumberInput label="Seats" min={1} max={1_000_000} required {...form.getInputProps("terms.seats")} />
        <TextInput type="date" label="Starts" required {...form.getInputProps("terms.startsAt")} />
        <TextInput type="date" label="Expires" description="At the end of this day (UTC)" required {...form.getInputProps("terms.expiresAt")} />
        <NumberInput label="Grace period (days)" description="The plan still holds this long after expiry" min={0} max={90} {...form.getInputProps("terms.graceDays")} />
        <TextInput label="Installation id (optional)" description="Binds the licence to one installation" {...form.getInputProps("terms.installationId")} />
      </SimpleGrid>
      <MultiSelect
        label="Features beyond the plan"
        placeholder="None"
        data={(Object.keys(FEATURES) as Feature[]).map((f) => ({ value: f, label: FEATURES[f] }))}
        searchable
        {...form.getInputProps("terms.extraFeatures")}
      />
    </FormModal>
  );
}
