import { ConfirmModal, DataTable, formatNumber, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, NumberInput, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
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
        onSave={(next) => void request(policy, next)}
      />
    ),
  };

  return (
    <Paper withBorder p="lg" component="section" aria-label="Retention periods">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Retention periods</Title>
          <Text size="sm" c="dimmed">How many days each kind of data is kept before it is deleted.</Text>
        </div>
        {!cutting && <MutationError error={save.error} />}
        <DataTable
          label="Retention periods"
          columns={canEdit ? [...COLUMNS, editColumn] : COLUMNS}
          data={policies.data}
          getRowId={(policy) => policy.dataType}
          error={policies.error}
          onRetry={() => void policies.refetch()}
          empty="No kinds of data to retain."
        />
      </Stack>
      {cutting && (
        <ConfirmModal
          title={`Delete ${formatNumber(cutting.events)} audit ${cutting.events === 1 ? "event" : "events"}?`}
          confirmLabel={cutting.reset ? `Reset to ${days(cutting.to)} and delete` : `Keep ${days(cutting.to)} and delete`}
          pending={save.isPending}
          error={save.error}
          onConfirm={() => save.mutate({ orgId, dataType: "audit_events", days: cutting.reset ? null : cutting.to })}
          onClose={() => {
            setCutting(null);
            save.reset();
          }}
        >
          {`Keeping audit events for ${days(cutting.to)}${cutting.reset ? ", the plan's default," : ""} instead of ${days(cutting.from)} puts ${formatNumber(cutting.events)} of them past retention: ` +
            `the next daily retention run deletes them for good.` +
            (cutting.held > 0 ? ` ${formatNumber(cutting.held)} more are kept by legal holds.` : "")}
        </ConfirmModal>
      )}
    </Paper>
  );
}

function PolicyEditor({ policy, pending, onSave }: { policy: Policy; pending: "save" | "reset" | null; onSave(days: number | null): void }) {
  const [days, setDays] = useState<number | string>(policy.days);
  const label = DATA_TYPE_LABELS[policy.dataType];
  const valid = typeof days === "number" && Number.isInteger(days) && days >= 1 && days <= policy.maxDays;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label={`Days to keep ${label.toLowerCase()}`}
        w={120}
        min={1}
        max={policy.maxDays}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        value={days}
        onChange={setDays}
        error={days !== "" && !valid ? `1 to ${formatNumber(policy.maxDays)}` : undefined}
      />
      <Button loading={pending === "save"} disabled={!valid || days === policy.days} onClick={() => onSave(Number(days))}>
        Save
      </Button>
      {policy.custom && (
        <Button variant="default" loading={pending === "reset"} onClick={() => onSave(null)}>
          Reset to plan default
        </Button>
      )}
    </Group>
  );
}
