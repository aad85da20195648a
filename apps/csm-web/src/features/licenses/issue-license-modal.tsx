import { fieldError, MutationErrorAlert, onlyFieldErrors, PLAN_LABELS } from "@atrium/ui";
import { FEATURES, type Feature } from "@atrium/rbac";
import { Button, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { queryClient, trpc } from "../../lib/api.ts";

type Plan = keyof typeof PLAN_LABELS;
const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** A new licence starts today; a renewal when the licence it renews ends (or today, if that has passed). */
const startOf = (renews?: { expiresAt: Date }) => new Date(Math.max(Date.now(), renews?.expiresAt.getTime() ?? 0));

/**
 * Issues a licence (or, with `renews`, the licence that renews one): plan,
 * features beyond the plan, seats, dates, grace period and, optionally, the
 * installation it is bound to. Calls `onIssued` with the signed key.
 */
export function IssueLicenseModal(props: { organizationId: string; renews?: { id: string; plan: Plan; seats: number; expiresAt: Date; graceDays: number; installationId: string | null }; onIssued(token: string): void; onClose(): void }) {
  const base = props.renews;
  const [plan, setPlan] = useState<Plan>(base?.plan ?? "enterprise");
  const [extra, setExtra] = useState<string[]>([]);
  const [seats, setSeats] = useState<number | string>(base?.seats ?? 50);
  const [startsAt, setStartsAt] = useState(() => isoDay(startOf(base)));
  const [expiresAt, setExpiresAt] = useState(() => isoDay(new Date(startOf(base).getTime() + 365 * DAY)));
  const [graceDays, setGraceDays] = useState<number | string>(base?.graceDays ?? 14);
  const [installationId, setInstallationId] = useState(base?.installationId ?? "");
  const done = async (result: { token: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.licensing.issued.list.queryKey() });
    props.onIssued(result.token);
  };
  const issue = useMutation(trpc.licensing.issued.issue.mutationOptions({ onSuccess: done }));
  const renew = useMutation(trpc.licensing.issued.renew.mutationOptions({ onSuccess: done }));
  const mutation = base ? renew : issue;

  function submit(event: FormEvent) {
    event.preventDefault();
    const terms = {
      plan,
      extraFeatures: extra as Feature[],
      seats: Number(seats),
      startsAt: new Date(`${startsAt}T00:00:00Z`),
      expiresAt: new Date(`${expiresAt}T23:59:59Z`),
      graceDays: Number(graceDays),
      installationId: installationId.trim() || null,
    };
    if (base) renew.mutate({ licenseId: base.id, terms });
    else issue.mutate({ organizationId: props.organizationId, terms });
  }

  const err = (field: string) => fieldError(mutation.error, `terms.${field}`);
  return (
    <Modal opened onClose={props.onClose} title={base ? "Renew licence" : "Issue a licence"} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          {mutation.isError && !onlyFieldErrors(mutation.error, ["terms.plan", "terms.seats", "terms.startsAt", "terms.expiresAt", "terms.graceDays", "terms.installationId", "terms.extraFeatures"]) && <MutationErrorAlert error={mutation.error} />}
          <SimpleGrid cols={2}>
            <Select label="Plan" data={(Object.keys(PLAN_LABELS) as Plan[]).map((p) => ({ value: p, label: PLAN_LABELS[p] }))} value={plan} onChange={(v) => v && setPlan(v as Plan)} allowDeselect={false} error={err("plan")} />
            <NumberInput label="Seats" min={1} max={1_000_000} value={seats} onChange={setSeats} error={err("seats")} required />
            <TextInput type="date" label="Starts" value={startsAt} onChange={(e) => setStartsAt(e.currentTarget.value)} error={err("startsAt")} required />
            <TextInput type="date" label="Expires" description="At the end of this day (UTC)" value={expiresAt} onChange={(e) => setExpiresAt(e.currentTarget.value)} error={err("expiresAt")} required />
            <NumberInput label="Grace period (days)" description="The plan still holds this long after expiry" min={0} max={90} value={graceDays} onChange={setGraceDays} error={err("graceDays")} />
            <TextInput label="Installation id (optional)" description="Binds the licence to one installation" value={installationId} onChange={(e) => setInstallationId(e.currentTarget.value)} error={err("installationId")} />
          </SimpleGrid>
          <MultiSelect
            label="Features beyond the plan"
            placeholder="None"
            data={(Object.keys(FEATURES) as Feature[]).map((f) => ({ value: f, label: FEATURES[f] }))}
            value={extra}
            onChange={setExtra}
            searchable
            error={err("extraFeatures")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>Cancel</Button>
            <Button type="submit" loading={mutation.isPending}>{base ? "Renew" : "Issue licence"}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
