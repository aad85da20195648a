import { chartDefaults, type DataColumn, DataTable, errorMessage, formatDateTime, formatNumber, formatTime, SectionCard, StatCard, TruncatedText } from "@atrium/ui";
import { BarChart } from "@mantine/charts";
import { Alert, Button, SimpleGrid, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";
import type { ScimDeadLetter, ScimOverview } from "./types.ts";

const HOURLY_SERIES = [
  { name: "Succeeded", color: "teal.6" },
  { name: "Failed", color: "red.6" },
];

const when = (d: Date | null) => (d ? formatDateTime(d) : "Never");

const DEAD_LETTER_COLUMNS: DataColumn<ScimDeadLetter>[] = [
  { id: "job", header: "Job", width: "20%", value: (d) => d.kind },
  { id: "failed", header: "Failed", width: "22%", value: (d) => when(d.failedAt) },
  { id: "retries", header: "Retries", width: "10%", align: "right", value: (d) => d.retries },
  { id: "error", header: "Error", cell: (d) => <TruncatedText text={d.error ?? "—"} /> },
];

/** Sync status: statistics, the last 24 hours of requests, failures and dead-lettered jobs. */
export function StatusCard({ orgId, overview, canSync }: { orgId: string; overview: ScimOverview; canSync: boolean }) {
  const sync = useMutation(
    trpc.scim.triggerSync.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Reconciliation queued." });
        await queryClient.invalidateQueries({ queryKey: trpc.scim.overview.queryKey() });
      },
    }),
  );
  const t = overview.totals;
  const hourly = overview.hourly.map((h) => ({ hour: formatTime(h.hour), Succeeded: h.ok, Failed: h.errors }));
  return (
    <SectionCard
      title="Sync status"
      description={<>Last change {when(overview.lastSyncAt)} · last request {when(overview.lastRequestAt)} · last reconciliation {when(overview.lastReconciledAt)}</>}
      actions={canSync && <Button variant="light" loading={sync.isPending} onClick={() => sync.mutate({ orgId })}>Reconcile now</Button>}
    >
      {sync.isError && <Alert color="red" role="alert">{errorMessage(sync.error)}</Alert>}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <StatCard size="md" label="Provisioned users" value={`${formatNumber(t.activeUsers)} active / ${formatNumber(t.users)}`} />
        <StatCard size="md" label="Groups" value={`${formatNumber(t.groups)} (${formatNumber(t.mappedGroups)} mapped)`} />
        <StatCard size="md" label="Requests, 24 h" value={formatNumber(overview.requests24h)} />
        <StatCard size="md" label="Errors, 24 h" value={formatNumber(overview.errors24h)} />
        <StatCard size="md" label="Users created" value={formatNumber(t.usersCreated)} />
        <StatCard size="md" label="Users updated" value={formatNumber(t.usersUpdated)} />
        <StatCard size="md" label="Deactivated / removed" value={`${formatNumber(t.usersDeactivated)} / ${formatNumber(t.usersDeleted)}`} />
        <StatCard size="md" label="Failed sync jobs" value={formatNumber(overview.jobsFailed)} />
      </SimpleGrid>
      <div>
        <Text size="sm" fw={600} mb="xs" id="scim-activity">Requests in the last 24 hours</Text>
        <BarChart
          h={180}
          aria-labelledby="scim-activity"
          data={hourly}
          dataKey="hour"
          type="stacked"
          series={HOURLY_SERIES}
          {...chartDefaults({ data: hourly, series: HOURLY_SERIES, stacked: true, integer: true })}
        />
      </div>
      {overview.lastError && (
        <Alert color="red" title={`Last sync failure (${when(overview.lastErrorAt)})`} role="alert">{overview.lastError}</Alert>
      )}
      {overview.deadLetters.length > 0 && (
        <DataTable
          label="Dead-lettered sync jobs"
          columns={DEAD_LETTER_COLUMNS}
          data={overview.deadLetters}
          rowTone={() => "danger"}
        />
      )}
    </SectionCard>
  );
}
