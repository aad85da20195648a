import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { money, RISK_COLORS } from "../health/format.ts";

/** Renewals in the next 90 days, by 30/60/90-day window, with ARR at risk (medium or high health risk). */
export function RenewalsPage() {
  const pipeline = useQuery(trpc.renewals.pipeline.queryOptions());
  if (pipeline.isPending) return <Loader aria-label="Loading renewals" />;
  if (pipeline.isError) return <Alert color="red" title="Could not load renewals">{errorMessage(pipeline.error)}</Alert>;
  const { rows, windows, arrAtRiskMinor } = pipeline.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">Renewals pipeline</Title>
        <Text c="dimmed">Live contracts renewing in the next 90 days. Reminders go out at 90, 60 and 30 days to the CSM and billing contacts.</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        {windows.map((w) => (
          <Paper key={w.window} withBorder p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{w.window} days</Text>
            <Text fz={24} fw={700}>{w.contracts} · {money(w.arrMinor)}</Text>
            <Text size="sm" c={w.arrAtRiskMinor ? "red" : "dimmed"}>{money(w.arrAtRiskMinor)} at risk</Text>
          </Paper>
        ))}
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>ARR at risk</Text>
          <Text fz={24} fw={700} c={arrAtRiskMinor ? "red" : undefined}>{money(arrAtRiskMinor)}</Text>
        </Paper>
      </SimpleGrid>
      <Paper withBorder>
        <Table aria-label="Renewals" striped>
          <Table.Thead><Table.Tr><Table.Th>Customer</Table.Th><Table.Th>Renewal</Table.Th><Table.Th>Window</Table.Th><Table.Th ta="right">ARR</Table.Th><Table.Th>Health</Table.Th><Table.Th>Status</Table.Th><Table.Th>Reminders sent</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.length === 0 && <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center" py="md">Nothing renews in the next 90 days.</Text></Table.Td></Table.Tr>}
            {rows.map((r) => (
              <Table.Tr key={r.contractId}>
                <Table.Td><Anchor size="sm" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: r.organizationId }} />}>{r.organizationName}</Anchor></Table.Td>
                <Table.Td>{r.renewalDate} ({r.daysLeft} d)</Table.Td>
                <Table.Td>{r.window}</Table.Td>
                <Table.Td ta="right">{money(r.arrMinor, r.currency)}</Table.Td>
                <Table.Td>{r.risk ? <Badge color={RISK_COLORS[r.risk]} variant="light">{r.score} · {r.risk}</Badge> : "—"}</Table.Td>
                <Table.Td>{r.status.replace("_", " ")}</Table.Td>
                <Table.Td>{r.remindersSent.length ? r.remindersSent.map((t) => `${t} d`).join(", ") : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
