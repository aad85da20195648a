import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Code, Loader, Paper, Stack, Switch, Table, Text, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";

/** The most recent SCIM requests; failures are highlighted and can be shown alone (kept in the URL). */
export function RequestsCard({ orgId, errorsOnly, onErrorsOnly }: { orgId: string; errorsOnly: boolean; onErrorsOnly(v: boolean): void }) {
  const requests = useQuery({ ...trpc.scim.requests.queryOptions({ orgId, errorsOnly, limit: 100 }), refetchInterval: 5000 });
  return (
    <Paper withBorder p="lg" component="section" aria-label="Recent requests">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Recent requests</Title>
          <Text size="sm" c="dimmed">What your identity provider sent, with secrets removed from the bodies. Kept for 30 days.</Text>
        </div>
        <Switch label="Only failed requests" checked={errorsOnly} onChange={(e) => onErrorsOnly(e.currentTarget.checked)} />
        {requests.isPending && <Loader size="sm" aria-label="Loading requests" />}
        {requests.isError && <Alert color="red" role="alert">{errorMessage(requests.error)}</Alert>}
        {requests.data && (
          <Table aria-label="SCIM requests" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Request</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Body</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}><Text size="sm" c="dimmed">{errorsOnly ? "No failed requests." : "No requests yet."}</Text></Table.Td>
                </Table.Tr>
              )}
              {requests.data.map((r) => {
                const failed = r.status >= 400;
                return (
                  <Table.Tr key={r.id} bg={failed ? "var(--mantine-color-red-light)" : undefined} aria-label={`${r.method} ${r.path} ${r.status}`}>
                    <Table.Td>{r.createdAt.toLocaleTimeString()}</Table.Td>
                    <Table.Td><Code>{r.method} {r.path.length > 70 ? `${r.path.slice(0, 70)}…` : r.path}</Code></Table.Td>
                    <Table.Td>
                      <Badge color={failed ? "red" : "teal"} variant={failed ? "filled" : "light"}>
                        {r.status}
                        {r.scimType ? ` ${r.scimType}` : ""}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{r.durationMs} ms</Table.Td>
                    <Table.Td maw={360}>
                      {r.bodyExcerpt && (
                        <Tooltip label={r.bodyExcerpt} multiline w={480}>
                          <Text size="xs" ff="monospace" truncate="end">{r.bodyExcerpt}</Text>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
