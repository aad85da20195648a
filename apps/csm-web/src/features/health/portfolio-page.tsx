import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";
import { portfolioRoute } from "../../routes/router.tsx";
import { daysUntil, money, RISK_COLORS, RISK_LABELS, TREND_ARROWS, TREND_LABELS } from "./format.ts";
import { filterPortfolio, type PortfolioSort } from "./portfolio-search.ts";
import { HealthSparkline } from "./sparkline.tsx";

const COLUMNS: { key: PortfolioSort | null; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Customer" },
  { key: "health", label: "Health", numeric: true },
  { key: null, label: "18 weeks" },
  { key: "risk", label: "Risk" },
  { key: "arr", label: "ARR", numeric: true },
  { key: "users", label: "Users", numeric: true },
  { key: "renewal", label: "Renewal" },
];

/** The morning view: my customers, who is at risk and why, what renews soon. Filters and sort live in the URL. */
export function PortfolioPage() {
  const search = portfolioRoute.useSearch();
  const navigate = useNavigate({ from: portfolioRoute.fullPath });
  const portfolio = useQuery(trpc.health.portfolio.queryOptions());
  const rows = useMemo(() => filterPortfolio(portfolio.data ?? [], search), [portfolio.data, search]);
  const sort = search.sort ?? "health";
  const dir = search.dir ?? "asc";
  const setSearch = (patch: Partial<typeof search>) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  if (portfolio.isPending) return <Loader aria-label="Loading the portfolio" />;
  if (portfolio.isError) return <Alert color="red" title="Could not load the portfolio">{errorMessage(portfolio.error)}</Alert>;
  const all = portfolio.data;
  const atRisk = all.filter((r) => r.risk === "high" || r.risk === "medium");
  const renewing = all.filter((r) => (daysUntil(r.renewalDate) ?? 999) <= 90);
  const currencies = new Set(all.map((r) => r.currency ?? "usd"));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">My customers</Title>
        <Text c="dimmed">Enterprise customers in your book, by health. Scores are recomputed nightly.</Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="Customers" value={String(all.length)} />
        <Stat label="At risk" value={String(atRisk.length)} tone={atRisk.length ? "red" : undefined} />
        <Stat label="Renewals in 90 days" value={String(renewing.length)} />
        <Stat label="Total ARR" value={currencies.size === 1 ? money(all.reduce((a, r) => a + r.arrMinor, 0), [...currencies][0]!) : `${money(all.reduce((a, r) => a + r.arrMinor, 0))} (mixed currencies)`} />
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
        <Select
          aria-label="Filter by risk"
          placeholder="Any risk"
          clearable
          w={160}
          value={search.risk ?? null}
          data={Object.entries(RISK_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(risk) => setSearch({ risk: (risk ?? undefined) as typeof search.risk })}
        />
        <Select
          aria-label="Filter by renewal"
          placeholder="Any renewal date"
          clearable
          w={200}
          value={search.renewal ?? null}
          data={[{ value: "30", label: "Renews in 30 days" }, { value: "60", label: "Renews in 60 days" }, { value: "90", label: "Renews in 90 days" }]}
          onChange={(renewal) => setSearch({ renewal: (renewal ?? undefined) as typeof search.renewal })}
        />
        <Text size="sm" c="dimmed" aria-live="polite">{rows.length} of {all.length} shown</Text>
      </Group>
      <Paper withBorder>
        <Table striped highlightOnHover aria-label="Portfolio">
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((col) => (
                <Table.Th key={col.label} ta={col.numeric ? "right" : undefined} aria-sort={col.key && sort === col.key ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                  {col.key ? (
                    <UnstyledButton fw={600} fz="sm" onClick={() => setSearch({ sort: col.key!, dir: sort === col.key && dir === "asc" ? "desc" : "asc" })}>
                      {col.label} {sort === col.key ? (dir === "asc" ? "▲" : "▼") : ""}
                    </UnstyledButton>
                  ) : (
                    col.label
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={COLUMNS.length}><Text c="dimmed" ta="center" py="md">No customers match these filters.</Text></Table.Td>
              </Table.Tr>
            )}
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor fw={500} size="sm" renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: r.id }} />}>{r.name}</Anchor>
                  <Text c="dimmed" size="xs">{r.csm ?? "No CSM"}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text fw={700} span>{r.score ?? "—"}</Text>{" "}
                  {r.trend && <Text span c={r.trend === "down" ? "red" : r.trend === "up" ? "teal" : "dimmed"} aria-label={TREND_LABELS[r.trend]}>{TREND_ARROWS[r.trend]}</Text>}
                </Table.Td>
                <Table.Td><HealthSparkline data={r.sparkline} label={`${r.name} health over 18 weeks`} /></Table.Td>
                <Table.Td>{r.risk ? <Badge color={RISK_COLORS[r.risk]} variant="light">{RISK_LABELS[r.risk]}</Badge> : "—"}</Table.Td>
                <Table.Td ta="right">{money(r.arrMinor, r.currency)}</Table.Td>
                <Table.Td ta="right">{r.users}</Table.Td>
                <Table.Td>{r.renewalDate ? `${r.renewalDate} (${daysUntil(r.renewalDate)} d)` : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

export function Stat({ label, value, tone }: { label: string; value: string; tone?: string | undefined }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={26} fw={700} c={tone}>{value}</Text>
    </Paper>
  );
}
