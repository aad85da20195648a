import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, formatDateTime, type DataColumn } from "@atrium/ui";
import { Alert, Anchor, Button, Group, Paper, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";

type Qbr = inferRouterOutputs<AppRouter>["staff"]["qbr"]["list"][number];

const COLUMNS: DataColumn<Qbr>[] = [
  {
    id: "quarter",
    header: "Quarter",
    sortable: true,
    value: (q) => q.quarter,
    cell: (q) => <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/qbrs/$qbrId" params={{ qbrId: q.id }} />}>QBR {q.quarter}</Anchor>,
  },
  { id: "generated", header: "Generated", sortable: true, width: "40%", value: (q) => q.generatedAt, cell: (q) => `${formatDateTime(q.generatedAt)} by ${q.generatedBy}` },
  { id: "meeting", header: "Meeting", sortable: true, value: (q) => q.meetings[0]?.startsAt, cell: (q) => formatDateTime(q.meetings[0]?.startsAt) },
];

/** A customer's QBRs, newest quarter first, with "generate" for the last completed quarter. */
export function QbrList({ organizationId }: { organizationId: string }) {
  const qbrs = useQuery(trpc.staff.qbr.list.queryOptions({ organizationId }));
  const queryClient = useQueryClient();
  const generate = useMutation(trpc.staff.qbr.generate.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.qbr.list.queryKey({ organizationId }) }) }));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Quarterly business reviews</Title>
        <Button size="xs" variant="light" loading={generate.isPending} onClick={() => generate.mutate({ organizationId })}>Generate last quarter</Button>
      </Group>
      {generate.isError && <Alert color="red" mb="sm">{errorMessage(generate.error)}</Alert>}
      <DataTable label="QBRs" urlKey="qbrs" columns={COLUMNS} data={qbrs.data} error={qbrs.error} onRetry={() => void qbrs.refetch()} empty="No QBR yet." />
    </Paper>
  );
}
