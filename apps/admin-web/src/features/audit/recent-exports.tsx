import { DataTable, formatBytes, formatDateTime, formatNumber, formatPercent, TruncatedText, type DataColumn } from "@atrium/ui";
import { Anchor, Badge, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { exportDownloadHref } from "./search.ts";
import type { AuditExport } from "./types.ts";

const STATUS_COLORS: Record<AuditExport["status"], string> = { queued: "gray", running: "blue", done: "green", failed: "red" };
const inProgress = (e: AuditExport) => e.status === "queued" || e.status === "running";
const percentOf = (e: AuditExport) => (e.totalRows ? Math.round((e.rowsDone / e.totalRows) * 100) : e.status === "done" ? 100 : 0);

function columns(orgId: string): DataColumn<AuditExport>[] {
  return [
    { id: "requested", header: "Requested", width: "22%", value: (e) => formatDateTime(e.createdAt) },
    { id: "format", header: "Format", width: "10%", cell: (e) => <Text size="sm" tt="uppercase">{e.format}</Text> },
    { id: "status", header: "Status", width: "12%", cell: (e) => <Badge variant="light" color={STATUS_COLORS[e.status]}>{e.status}</Badge> },
    {
      id: "progress",
      header: "Progress",
      width: "32%",
      cell: (e) => (
        <Stack gap={2}>
          <Progress value={percentOf(e)} animated={e.status === "running"} aria-label={`Export progress ${formatPercent(percentOf(e) / 100)}`} />
          <Text size="xs" c="dimmed">
            {formatNumber(e.rowsDone)}{e.totalRows !== null ? ` of ${formatNumber(e.totalRows)}` : ""} rows
          </Text>
        </Stack>
      ),
    },
    {
      id: "file",
      header: "File",
      cell: (e) =>
        e.status === "done" ? (
          <Group gap="xs" wrap="nowrap">
            <Anchor href={exportDownloadHref(orgId, e.id)} download size="sm">Download</Anchor>
            <Text size="xs" c="dimmed">{formatBytes(e.bytes)}</Text>
          </Group>
        ) : e.status === "failed" ? (
          <TruncatedText text={e.error ?? "Failed"} c="red" />
        ) : null,
    },
  ];
}

/** Background exports, refreshed every 2 seconds while one is queued or running. */
export function RecentExports({ orgId }: { orgId: string }) {
  const exports = useQuery({
    ...trpc.audit.events.exports.queryOptions({ orgId }),
    refetchInterval: (query) => (query.state.data?.some(inProgress) ? 2000 : false),
  });
  if (!exports.data?.length) return null;

  return (
    <Paper withBorder p="md" component="section" aria-label="Recent exports">
      <Title order={2} size="h5" mb="sm">Recent exports</Title>
      <DataTable label="Recent exports" columns={columns(orgId)} data={exports.data} />
    </Paper>
  );
}
