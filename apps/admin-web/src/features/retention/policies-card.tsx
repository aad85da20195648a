import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { DATA_TYPE_LABELS, type DataType } from "./labels.ts";

interface Policy {
  dataType: DataType;
  days: number;
  custom: boolean;
  maxDays: number;
}

/** One retention period per kind of data: the plan's default or the organization's own, up to the plan's maximum. */
export function PoliciesCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const policies = useQuery(trpc.retention.policies.queryOptions({ orgId }));
  const save = useMutation(
    trpc.retention.setPolicy.mutationOptions({
      onSuccess: async (_ok, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.retention.policies.queryKey() });
        const label = DATA_TYPE_LABELS[input.dataType];
        notifications.show({ color: "green", message: input.days === null ? `${label}: the plan's default applies again.` : `${label}: retention saved.` });
      },
    }),
  );

  return (
    <Paper withBorder p="lg" component="section" aria-label="Retention periods">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Retention periods</Title>
          <Text size="sm" c="dimmed">How many days each kind of data is kept before it is deleted.</Text>
        </div>
        {policies.isPending && <Loader size="sm" aria-label="Loading retention periods" />}
        {policies.isError && <Alert color="red" role="alert">{errorMessage(policies.error)}</Alert>}
        <MutationError error={save.error} />
        {policies.data && (
          <Table verticalSpacing="sm" aria-label="Retention periods">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Data</Table.Th>
                <Table.Th>Kept for</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Plan maximum</Table.Th>
                {canEdit && <Table.Th>Change</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {policies.data.map((policy) => (
                <Table.Tr key={policy.dataType}>
                  <Table.Td>{DATA_TYPE_LABELS[policy.dataType]}</Table.Td>
                  <Table.Td>{policy.days.toLocaleString()} days</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={policy.custom ? "grape" : "gray"}>{policy.custom ? "Custom" : "Plan default"}</Badge>
                  </Table.Td>
                  <Table.Td>{policy.maxDays.toLocaleString()} days</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <PolicyEditor
                        key={`${policy.days}-${policy.custom}`}
                        policy={policy}
                        pending={save.isPending && save.variables.dataType === policy.dataType ? (save.variables.days === null ? "reset" : "save") : null}
                        onSave={(days) => save.mutate({ orgId, dataType: policy.dataType, days })}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
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
        error={days !== "" && !valid ? `1 to ${policy.maxDays.toLocaleString()}` : undefined}
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
