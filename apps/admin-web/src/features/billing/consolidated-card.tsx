import { BarChart } from "@mantine/charts";
import { chartDefaults, DataTable, formatCount, formatDate, formatDays, formatNumber, TruncatedText, type DataColumn } from "@atrium/ui";
import { Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { formatMoney, formatQuantity, type Currency } from "./format.ts";

type Usage = { api_calls: bigint; operations: bigint; seats: bigint };
/** One organization of the subtree, or the totals (last, in bold). */
type Line = { id: string; name: string; indent: number; payer: string; usage: Usage; costMinor: Partial<Record<Currency, bigint>>; total?: boolean };

const cost = (c: Partial<Record<Currency, bigint>>) =>
  (Object.entries(c) as [Currency, bigint][]).map(([cur, v]) => formatMoney(v, cur)).join(" + ") || "—";
const CALLS_SERIES = [{ name: "calls", label: "API calls", color: "indigo.6" }];
const bold = (line: Line) => (line.total ? 700 : undefined);

const columns: DataColumn<Line>[] = [
  { id: "name", header: "Organization", width: "24%", cell: (l) => <TruncatedText text={l.name} fw={bold(l)} pl={l.indent * 16} /> },
  { id: "payer", header: "Paid by", width: "16%", value: (l) => l.payer || null },
  { id: "calls", header: "API calls", align: "right", cell: (l) => <TruncatedText text={formatQuantity("api_calls", l.usage.api_calls)} fw={bold(l)} /> },
  { id: "operations", header: "Operations", align: "right", cell: (l) => <TruncatedText text={formatQuantity("operations", l.usage.operations)} fw={bold(l)} /> },
  { id: "seats", header: "Peak seats", align: "right", cell: (l) => <TruncatedText text={formatNumber(l.usage.seats)} fw={bold(l)} /> },
  { id: "cost", header: "Invoiced", width: "18%", align: "right", cell: (l) => <TruncatedText text={cost(l.costMinor)} fw={bold(l)} /> },
];

/** For a parent organization: usage and invoiced cost across its subtree, per organization, with the totals. */
export function ConsolidatedCard({ orgId, days }: { orgId: string; days: number }) {
  const data = useQuery(trpc.billing.usage.consolidated.queryOptions({ orgId, days }));
  if (!data.data || data.data.rows.length < 2) return null;
  const { rows, totals } = data.data;
  const payer = (r: (typeof rows)[number]) =>
    r.payerOrganizationId === r.organizationId ? "Itself" : (rows.find((x) => x.organizationId === r.payerOrganizationId)?.name ?? "Parent");
  const lines: Line[] = rows.map((r) => ({ id: r.organizationId, name: r.name, indent: r.depth - rows[0]!.depth, payer: payer(r), usage: r.usage, costMinor: r.costMinor }));
  const calls = rows.map((r) => ({ name: r.name, calls: Number(r.usage.api_calls) }));
  const total: Line = { id: "total", name: "Total", indent: 0, payer: "", usage: totals.usage, costMinor: totals.costMinor, total: true };
  return (
    <Paper withBorder p="md" component="section" aria-label="Consolidated billing">
      <Stack gap="sm">
        <Title order={2} size="h4">Consolidated across {formatCount(rows.length, "organization")}</Title>
        <Text size="sm" c="dimmed">Last {formatDays(days)} ({formatDate(data.data.from)} to {formatDate(data.data.to)}). Cost is what was invoiced for each organization in the period.</Text>
        <div role="img" aria-label="API calls per organization">
          <BarChart
            h={160}
            data={calls}
            dataKey="name"
            series={CALLS_SERIES}
            {...chartDefaults({ data: calls, series: CALLS_SERIES, integer: true, format: (v) => formatQuantity("api_calls", v) })}
            tickLine="none"
            gridAxis="y"
          />
        </div>
        <DataTable label="Consolidated usage and cost" columns={columns} data={[...lines, total]} />
      </Stack>
    </Paper>
  );
}
