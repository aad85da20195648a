import { Anchor, Badge, Group, Paper, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { exportDownloadHref } from "./search.ts";
import type { AuditExport } from "./types.ts";

const STATUS_COLORS: Record<AuditExport["status"], string> = { queued: "gray", running: "blue", done: "green", failed: "red" };
const inProgress = (e: AuditExport) => e.status === "queued" || e.status === "running";

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Background exports, refreshed every 2 seconds while one is queued or running. */
export function RecentExports({ orgId }: { orgId: string }) {
  const exports = useQuery({
    ...trpc.audit.exports.queryOptions({ orgId }),
    refetchInterval: (query) => (query.state.data?.some(inProgress) ? 2000 : false),
  });
  const rows = exports.data ?? [];
  if (rows.length === 0) return null;

  return (
    <Paper withBorder p="md" component="section" aria-label="Recent exports">
      <Title order={2} size="h5" mb="sm">Recent exports</Title>
      <Table aria-label="Recent exports" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Requested</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th w="35%">Progress</Table.Th>
            <Table.Th>File</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => {
            const percent = e.totalRows ? Math.round((e.rowsDone / e.totalRows) * 100) : e.status === "done" ? 100 : 0;
            return (
              <Table.Tr key={e.id}>
                <Table.Td><Text size="sm">{e.createdAt.toLocaleString()}</Text></Table.Td>
                <Table.Td><Text size="sm" tt="uppercase">{e.format}</Text></Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLORS[e.status]}>{e.status}</Badge>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Progress value={percent} animated={e.status === "running"} aria-label={`Export progress ${percent}%`} />
                    <Text size="xs" c="dimmed">
                      {e.rowsDone}{e.totalRows !== null ? ` of ${e.totalRows}` : ""} rows
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {e.status === "done" && (
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={exportDownloadHref(orgId, e.id)} download size="sm">Download</Anchor>
                      <Text size="xs" c="dimmed">{formatBytes(e.bytes)}</Text>
                    </Group>
                  )}
                  {e.status === "failed" && <Text size="sm" c="red">{e.error ?? "Failed"}</Text>}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
