import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Button, Group, Paper, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";

/** A customer's QBRs, newest quarter first, with "generate" for the last completed quarter. */
export function QbrList({ organizationId }: { organizationId: string }) {
  const qbrs = useQuery(trpc.qbr.list.queryOptions({ organizationId }));
  const queryClient = useQueryClient();
  const generate = useMutation(trpc.qbr.generate.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.qbr.list.queryKey({ organizationId }) }) }));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Quarterly business reviews</Title>
        <Button size="xs" variant="light" loading={generate.isPending} onClick={() => generate.mutate({ organizationId })}>Generate last quarter</Button>
      </Group>
      {generate.isError && <Alert color="red" mb="sm">{errorMessage(generate.error)}</Alert>}
      <Table aria-label="QBRs">
        <Table.Thead><Table.Tr><Table.Th>Quarter</Table.Th><Table.Th>Generated</Table.Th><Table.Th>Meeting</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(qbrs.data ?? []).length === 0 && <Table.Tr><Table.Td colSpan={3}><Text c="dimmed" ta="center">No QBR yet.</Text></Table.Td></Table.Tr>}
          {(qbrs.data ?? []).map((q) => (
            <Table.Tr key={q.id}>
              <Table.Td><Anchor renderRoot={(props) => <Link {...props} to="/qbrs/$qbrId" params={{ qbrId: q.id }} />}>QBR {q.quarter}</Anchor></Table.Td>
              <Table.Td>{q.generatedAt.toLocaleString()} by {q.generatedBy}</Table.Td>
              <Table.Td>{q.meetings[0] ? q.meetings[0].startsAt.toLocaleString() : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
