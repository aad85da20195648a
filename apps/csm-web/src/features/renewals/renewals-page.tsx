import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, formatDate, formatDays, formatMoney, formatNumber, LoadError, PageHeader, StatCard, TruncatedText } from "@atrium/ui";
import { Badge, Loader, Paper, SimpleGrid, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";
import { money, RISK_COLORS } from "../health/format.ts";
import { CellLink } from "../../lib/cell-link.tsx";

type Renewal = inferRouterOutputs<AppRouter>["staff"]["renewals"]["pipeline"]["rows"][number];

const atRisk = (r: Renewal) => r.risk === "medium" || r.risk === "high";

/** ARR of some renewals, summed per currency ("$480,000 · €120,000"): a dollar and a euro do not add up. */
function arrOf(rows: readonly Renewal[]): string {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.arrMinor);
  return sums.size ? [...sums].sort(([, a], [, b]) => b - a).map(([currency, minor]) => money(minor, currency)).join(" · ") : money(0);
}

const COLUMNS: DataColumn<Renewal>[] = [
  {
    id: "customer",
    header: "Customer",
    sortable: true,
    width: "24%",
    value: (r) => r.organizationName,
    cell: (r) => (
      <CellLink text={r.organizationName} renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: r.organizationId }} />} />
    ),
  },
  { id: "renewal", header: "Renewal", sortable: true, width: "16%", value: (r) => r.renewalDate, cell: (r) => <TruncatedText text={`${formatDate(r.renewalDate)} (${formatDays(r.daysLeft)})`} /> },
  { id: "window", header: "Window", sortable: true, value: (r) => r.window },
  { id: "arr", header: "ARR", align: "right", sortable: true, value: (r) => r.arrMinor, cell: (r) => formatMoney(r.arrMinor, r.currency ?? "usd", { whole: true }) },
  {
    id: "health",
    header: "Health",
    sortable: true,
    value: (r) => r.score,
    cell: (r) => (r.risk ? <Badge color={RISK_COLORS[r.risk]} variant="light">{r.score} · {r.risk}</Badge> : "—"),
  },
  { id: "status", header: "Status", sortable: true, value: (r) => r.status.replace("_", " ") },
  { id: "reminders", header: "Reminders sent", value: (r) => (r.remindersSent.length ? r.remindersSent.map((t) => formatDays(t)).join(", ") : "—") },
];

/** Renewals in the next 90 days, by 30/60/90-day window, with ARR at risk (medium or high health risk). */
export function RenewalsPage() {
  const pipeline = useQuery(trpc.staff.renewals.pipeline.queryOptions());
  if (pipeline.isPending) return <Loader aria-label="Loading renewals" />;
  if (pipeline.isError) return <LoadError title="Could not load renewals" error={pipeline.error} onRetry={() => void pipeline.refetch()} />;
  const { rows, windows } = pipeline.data;
  const risky = rows.filter(atRisk);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Renewals pipeline"
        description="Live contracts renewing in the next 90 days. Reminders go out at 90, 60 and 30 days to the CSM and billing contacts."
      />
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        {windows.map((w) => {
          const inWindow = rows.filter((r) => r.window === w.window);
          const risk = inWindow.filter(atRisk);
          return (
            <StatCard
              key={w.window}
              label={`${w.window} days`}
              value={`${formatNumber(w.contracts)} · ${arrOf(inWindow)}`}
              detail={`${arrOf(risk)} at risk`}
              detailTone={risk.length ? "red" : undefined}
            />
          );
        })}
        <StatCard label="ARR at risk" value={arrOf(risky)} tone={risky.length ? "red" : undefined} />
      </SimpleGrid>
      <Paper withBorder>
        <DataTable label="Renewals" urlKey="renewals" columns={COLUMNS} data={rows} getRowId={(r) => r.contractId} empty="Nothing renews in the next 90 days." />
      </Paper>
    </Stack>
  );
}
