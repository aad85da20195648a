import { ConfirmModal, type DataColumn, DataTable, formatNumber, numberField, SectionCard, useZodForm, ZodForm } from "@atrium/ui";
import { Badge, Button, Group, NumberInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { DATA_TYPE_LABELS, type DataType } from "./labels.ts";

/**
 * A shortened audit retention awaiting confirmation, with what the next purge would delete;
 * `reset` when the shorter period is the plan's default (saved as "no policy of our own").
 */
interface Cut {
  from: number;
  to: number;
  reset: boolean;
  events: number;
  held: number;
}

interface Policy {
  dataType: DataType;
  days: number;
  custom: boolean;
  defaultDays: number;
  maxDays: number;
}

const days = (n: number) => `${formatNumber(n)} days`;

const COLUMNS: DataColumn<Policy>[] = [
  { id: "data", header: "Data", width: "18%", value: (p) => DATA_TYPE_LABELS[p.dataType] },
  { id: "days", header: "Kept for", width: "14%", value: (p) => days(p.days) },
  {
    id: "source",
    header: "Source",
    width: "14%",
    cell: (p) => <Badge variant="light" color={p.custom ? "grape" : "gray"}>{p.custom ? "Custom" : "Plan default"}</Badge>,
  },
  { id: "max", header: "Plan maximum", width: "14%", value: (p) => days(p.maxDays) },
];

/** One retention period per kind of data: the plan's default or the organization's own, up to the plan's maximum. */
export function PoliciesCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const policies = useQuery(trpc.audit.retention.policies.queryOptions({ orgId }));
  const [cutting, setCutting] = useState<Cut | null>(null);
  const [checking, setChecking] = useState<"save" | "reset" | null>(null);
  const save = useMutation(
    trpc.audit.retention.setPolicy.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.retention.policies.queryKey() });
        setCutting(null);
        const label = DATA_TYPE_LABELS[input.dataType];
        notifications.show({ color: "green", message: input.days === null ? `${label}: the plan's default applies again.` : `${label}: retention saved.` });
      },
    }),
  );

  /**
   * Shortening audit retention deletes events at the next purge, whether to a number of days
   * or back to a shorter plan default (days null): say how many and ask first.
   */
  async function request(policy: Policy, days: number | null) {
    const to = days ?? policy.defaultDays;
    if (policy.dataType !== "audit_events" || to >= policy.days) return save.mutate({ orgId, dataType: policy.dataType, days });
    setChecking(days === null ? "reset" : "save");
    try {
      const preview = await queryClient.fetchQuery({ ...trpc.audit.retention.purgePreview.queryOptions({ orgId, days: to }), staleTime: 0 });
      if (preview.events === 0) save.mutate({ orgId, dataType: policy.dataType, days });
      else setCutting({ from: policy.days, to, reset: days === null, ...preview });
    } finally {
      setChecking(null);
    }
  }

  const editColumn: DataColumn<Policy> = {
    id: "change",
    header: "Change",
    cell: (policy) => (
      <PolicyEditor
        key={`${policy.days}-${policy.custom}`}
        policy={policy}
        pending={
          checking && policy.dataType === "audit_events"
            ? checking
            : save.isPending && !cutting && save.variables.dataType === policy.dataType
              ? save.variables.days === null
                ? "reset"
                : "save"
              : null
        }
        error={!cutting && save.variables?.dataType === policy.dataType ? save.error : null}
        onSave={(next) => void request(policy, next)}
      />
    ),
  };

  return (
    <SectionCard title="Retention periods" description="How many days each kind of data is kept before it is deleted.">
      <DataTable
        label="Retention periods"
        columns={canEdit ? [...COLUMNS, editColumn] : COLUMNS}
        query={policies}
        getRowId={(policy) => policy.dataType}
        empty="No kinds of data to retain."
      />
      {cutting && (
        <ConfirmModal
          title={`Delete ${formatNumber(cutting.events)} audit ${cutting.events === 1 ? "event" : "events"}?`}
          confirmLabel={cutting.reset ? `Reset to ${days(cutting.to)} and delete` : `Keep ${days(cutting.to)} and delete`}
          mutation={save}
          onConfirm={() => save.mutate({ orgId, dataType: "audit_events", days: cutting.reset ? null : cutting.to })}
          onClose={() => setCutting(null)}
        >
          {`Keeping audit events for ${days(cutting.to)}${cutting.reset ? ", the plan's default," : ""} instead of ${days(cutting.from)} puts ${formatNumber(cutting.events)} of them past retention: ` +
            `the next daily retention run deletes them for good.` +
            (cutting.held > 0 ? ` ${formatNumber(cutting.held)} more are kept by legal holds.` : "")}
        </ConfirmModal>
      )}
    </SectionCard>
  );
}

/**
 * A number of days within the plan's maximum (the server allows 1 to 3,650 and checks the plan
 * again), in a sentence on the field.
 */
const daysForm = (label: string, maxDays: number) => {
  const range = { error: `Keep ${label.toLowerCase()} from 1 to ${formatNumber(maxDays)} days.` };
  return z.object({ days: numberField(z.number(range).int(range).min(1, range).max(maxDays, range)) });
};

/** The inline editor of one row: its days (saved through the card, which asks before a cut) and a reset to the plan's default. */
function PolicyEditor({ policy, pending, error, onSave }: { policy: Policy; pending: "save" | "reset" | null; error: unknown; onSave(days: number | null): void }) {
  const label = DATA_TYPE_LABELS[policy.dataType];
  const form = useZodForm(daysForm(label, policy.maxDays), { days: policy.days }, error);
  return (
    <ZodForm form={form} error={error} label={`Retention of ${label.toLowerCase()}`} onSubmit={(v) => onSave(Number(v.days))}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <NumberInput
          aria-label={`Days to keep ${label.toLowerCase()}`}
          w={120}
          min={1}
          max={policy.maxDays}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          {...form.getInputProps("days")}
        />
        <Button type="submit" loading={pending === "save"} disabled={form.values.days === policy.days}>
          Save
        </Button>
        {policy.custom && (
          <Button variant="default" loading={pending === "reset"} onClick={() => onSave(null)}>
            Reset to plan default
          </Button>
        )}
      </Group>
    </ZodForm>
  );
}
