import { BarChart } from "@mantine/charts";
import { Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { formatMoney, formatQuantity, type Currency } from "./format.ts";

/** For a parent organization: usage and invoiced cost across its subtree, per organization, with the totals. */
export function ConsolidatedCard({ orgId, days }: { orgId: string; days: number }) {
  const data = useQuery(trpc.usage.consolidated.queryOptions({ orgId, days }));
  if (!data.data || data.data.rows.length < 2) return null;
  const { rows, totals } = data.data;
  const cost = (c: Partial<Record<Currency, bigint>>) =>
    (Object.entries(c) as [Currency, bigint][]).map(([cur, v]) => formatMoney(v, cur)).join(" + ") || "—";
  return (
    <Paper withBorder p="md" component="section" aria-label="Consolidated billing">
      <Stack gap="sm">
        <Title order={2} size="h4">Consolidated across {rows.length} organizations</Title>
        <Text size="sm" c="dimmed">Last {days} days ({data.data.from} to {data.data.to}). Cost is what was invoiced for each organization in the period.</Text>
        <div role="img" aria-label="API calls per organization">
          <BarChart h={160} data={rows.map((r) => ({ name: r.name, calls: Number(r.usage.api_calls) }))} dataKey="name" series={[{ name: "calls", label: "API calls", color: "indigo.6" }]} valueFormatter={(v) => formatQuantity("api_calls", v)} tickLine="none" gridAxis="y" />
        </div>
        <Table aria-label="Consolidated usage and cost" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              <Table.Th>Paid by</Table.Th>
              <Table.Th ta="right">API calls</Table.Th>
              <Table.Th ta="right">Operations</Table.Th>
              <Table.Th ta="right">Peak seats</Table.Th>
              <Table.Th ta="right">Invoiced</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.organizationId}>
                <Table.Td style={{ paddingLeft: 12 + (r.depth - rows[0]!.depth) * 16 }}>{r.name}</Table.Td>
                <Table.Td>{r.payerOrganizationId === r.organizationId ? "Itself" : (rows.find((x) => x.organizationId === r.payerOrganizationId)?.name ?? "Parent")}</Table.Td>
                <Table.Td ta="right">{formatQuantity("api_calls", r.usage.api_calls)}</Table.Td>
                <Table.Td ta="right">{formatQuantity("operations", r.usage.operations)}</Table.Td>
                <Table.Td ta="right">{r.usage.seats.toString()}</Table.Td>
                <Table.Td ta="right">{cost(r.costMinor)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Td>Total</Table.Td>
              <Table.Td />
              <Table.Td ta="right">{formatQuantity("api_calls", totals.usage.api_calls)}</Table.Td>
              <Table.Td ta="right">{formatQuantity("operations", totals.usage.operations)}</Table.Td>
              <Table.Td ta="right">{totals.usage.seats.toString()}</Table.Td>
              <Table.Td ta="right">{cost(totals.costMinor)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
