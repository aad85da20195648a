import { type DataColumn, DataTable, errorMessage, FilterSelect, formatDate, formatDays, formatNumber, PageHeader, searchSort, StatCard, TruncatedText } from "@atrium/ui";
import { Alert, Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";
import { daysUntil, money, RISK_COLORS, RISK_LABELS, TREND_ARROWS, TREND_LABELS, type PortfolioRow } from "./format.ts";
import { filterPortfolio } from "./portfolio-search.ts";
import { HealthSparkline } from "./sparkline.tsx";
import { CellLink } from "../../lib/cell-link.tsx";

const RENEWAL_OPTIONS = { "30": "Renews in 30 days", "60": "Renews in 60 days", "90": "Renews in 90 days" } as const;

const portfolioRoute = getRouteApi("/staff/portfolio");

const COLUMNS: DataColumn<PortfolioRow>[] = [
  {
    id: "name",
    header: "Customer",
    sortable: true,
    width: "22%",
    cell: (r) => (
      <>
        <CellLink text={r.name} fw={500} renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: r.id }} />} />
        <TruncatedText text={r.csm ?? "No CSM"} c="dimmed" size="xs" />
      </>
    ),
  },
  {
    id: "health",
    header: "Health",
    sortable: true,
    align: "right",
    width: "10%",
    cell: (r) => (
      <>
        <Text fw={700} span>{r.score ?? "—"}</Text>{" "}
        {r.trend && <Text span c={r.trend === "down" ? "red" : r.trend === "up" ? "teal" : "dimmed"} aria-label={TREND_LABELS[r.trend]}>{TREND_ARROWS[r.trend]}</Text>}
      </>
    ),
  },
  { id: "sparkline", header: "18 weeks", width: "16%", cell: (r) => <HealthSparkline data={r.sparkline} label={`${r.name} health over 18 weeks`} /> },
  { id: "risk", header: "Risk", sortable: true, width: "13%", cell: (r) => (r.risk ? <Badge color={RISK_COLORS[r.risk]} variant="light">{RISK_LABELS[r.risk]}</Badge> : "—") },
  { id: "arr", header: "ARR", sortable: true, align: "right", value: (r) => money(r.arrMinor, r.currency) },
  { id: "users", header: "Users", sortable: true, align: "right", width: "9%", value: (r) => r.users },
  { id: "renewal", header: "Renewal", sortable: true, value: (r) => (r.renewalDate ? `${formatDate(r.renewalDate)} (${formatDays(daysUntil(r.renewalDate))})` : null) },
];

/** The morning view: my customers, who is at risk and why, what renews soon. Filters and sort live in the URL. */
export function PortfolioPage() {
  const search = portfolioRoute.useSearch();
  const navigate = portfolioRoute.useNavigate();
  const portfolio = useQuery(trpc.staff.health.portfolio.queryOptions());
  const rows = useMemo(() => filterPortfolio(portfolio.data ?? [], search), [portfolio.data, search]);
  const sort = search.sort ?? "health";
  const dir = search.dir ?? "asc";
  const setSearch = (patch: Partial<typeof search>) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  if (portfolio.isPending) return <Loader aria-label="Loading the portfolio" />;
  if (portfolio.isError) return <Alert color="red" title="Could not load the portfolio">{errorMessage(portfolio.error)}</Alert>;
  const all = portfolio.data;
  const atRisk = all.filter((r) => r.risk === "high" || r.risk === "medium");
  const renewing = all.filter((r) => (daysUntil(r.renewalDate) ?? 999) <= 90);
  // ARR is summed per currency: a dollar and a euro do not add up.
  const arrByCurrency = new Map<string, number>();
  for (const r of all) if (r.currency) arrByCurrency.set(r.currency, (arrByCurrency.get(r.currency) ?? 0) + r.arrMinor);
  const totalArr = [...arrByCurrency].sort(([, a], [, b]) => b - a).map(([currency, minor]) => money(minor, currency));

  return (
    <Stack gap="lg">
      <PageHeader title="My customers" description="Enterprise customers in your book, by health. Scores are recomputed nightly." />
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <StatCard label="Customers" value={String(all.length)} />
        <StatCard label="At risk" value={String(atRisk.length)} tone={atRisk.length ? "red" : undefined} />
        <StatCard label="Renewals in 90 days" value={String(renewing.length)} />
        <StatCard label="Total ARR" value={totalArr.length ? totalArr.join(" · ") : money(0)} />
      </SimpleGrid>
      {atRisk.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">At risk, and why</Title>
          <Stack gap="xs">
            {atRisk.map((r) => (
              <Group key={r.id} align="flex-start" wrap="nowrap">
                <Badge color={RISK_COLORS[r.risk!]} w={110}>{r.score} · {r.risk}</Badge>
                <div>
                  <Anchor fw={600} size="sm" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: r.id }} />}>{r.name}</Anchor>
                  <Text size="sm" c="dimmed">{r.reasons.join(" · ")}</Text>
                </div>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
      <Group>
        <TextInput aria-label="Search customers" placeholder="Search by name" w={240} value={search.q ?? ""} onChange={(e) => setSearch({ q: e.currentTarget.value || undefined })} />
        <FilterSelect label="Filter by risk" placeholder="Any risk" w={160} value={search.risk} options={RISK_LABELS} onChange={(risk) => setSearch({ risk })} />
        <FilterSelect label="Filter by renewal" placeholder="Any renewal date" w={200} value={search.renewal} options={RENEWAL_OPTIONS} onChange={(renewal) => setSearch({ renewal })} />
        <Text size="sm" c="dimmed" aria-live="polite">{formatNumber(rows.length)} of {formatNumber(all.length)} shown</Text>
      </Group>
      <Paper withBorder>
        <DataTable
          label="Portfolio"
          columns={COLUMNS}
          data={rows}
          empty="No customers match these filters."
          sort={searchSort(sort, dir, "health", (column, direction) => void setSearch({ sort: column, dir: direction }))}
        />
      </Paper>
    </Stack>
  );
}

