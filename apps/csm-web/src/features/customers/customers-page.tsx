import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, FilterSelect, formatNumber, LoadError, PageHeader, PLAN_COLORS, PLAN_LABELS, REGION_LABELS, searchSort, StatCard, TruncatedText } from "@atrium/ui";
import { Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";
import { SigningKeysCard, useCanManageLicenseKeys } from "../licenses/signing-keys-card.tsx";
import { filterAndSort } from "./sorting.ts";
import { CellLink } from "../../lib/cell-link.tsx";

const customersRoute = getRouteApi("/staff/customers");

type Customer = inferRouterOutputs<AppRouter>["staff"]["customers"]["list"][number];

const COLUMNS: DataColumn<Customer>[] = [
  {
    id: "name",
    header: "Customer",
    sortable: true,
    width: "34%",
    cell: (c) => (
      <>
        <CellLink text={c.name} fw={500} renderRoot={(props) => <Link {...props} to="/customers/$customerId" params={{ customerId: c.id }} />} />
        <TruncatedText c="dimmed" size="xs" text={c.slug} />
      </>
    ),
  },
  { id: "plan", header: "Plan", sortable: true, cell: (c) => <Badge color={PLAN_COLORS[c.plan]} variant="light">{PLAN_LABELS[c.plan]}</Badge> },
  { id: "region", header: "Region", sortable: true, cell: (c) => REGION_LABELS[c.region] },
  { id: "organizations", header: "Organizations", align: "right", sortable: true, cell: (c) => c.organizationCount },
  { id: "members", header: "Members", align: "right", sortable: true, cell: (c) => c.memberCount },
];

/** The CSM's book of customers; search, plan filter and sort live in the URL. */
export function CustomersPage() {
  const search = customersRoute.useSearch();
  const navigate = customersRoute.useNavigate();
  const customers = useQuery(trpc.staff.customers.list.queryOptions());
  const canManageKeys = useCanManageLicenseKeys();
  const rows = useMemo(() => filterAndSort(customers.data ?? [], search), [customers.data, search]);
  const sort = search.sort ?? "name";
  const dir = search.dir ?? "asc";

  const setSearch = (patch: Partial<typeof search>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  if (customers.isPending) return <Loader aria-label="Loading customers" />;
  if (customers.isError) return <LoadError title="Could not load customers" error={customers.error} onRetry={() => void customers.refetch()} />;

  const all = customers.data;
  return (
    <Stack gap="lg">
      <PageHeader title="Customers" description="Every customer organization, with its plan, region and people." />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <StatCard label="Customers" value={formatNumber(all.length)} />
        <StatCard label="Enterprise customers" value={formatNumber(all.filter((c) => c.isEnterprise).length)} />
        <StatCard label="People" value={formatNumber(all.reduce((sum, c) => sum + c.memberCount, 0))} />
      </SimpleGrid>
      <Group>
        <TextInput
          aria-label="Search customers"
          placeholder="Search by name"
          w={280}
          value={search.q ?? ""}
          onChange={(e) => setSearch({ q: e.currentTarget.value || undefined })}
        />
        <FilterSelect label="Filter by plan" placeholder="All plans" w={180} value={search.plan} options={PLAN_LABELS} onChange={(plan) => setSearch({ plan })} />
        <Text size="sm" c="dimmed" aria-live="polite">{formatNumber(rows.length)} of {formatNumber(all.length)} shown</Text>
      </Group>
      <Paper withBorder>
        <DataTable
          label="Customers"
          columns={COLUMNS}
          data={rows}
          empty="No customers match."
          sort={searchSort(sort, dir, "name", (column, direction) => void setSearch({ sort: column, dir: direction }))}
        />
      </Paper>
      {canManageKeys && <SigningKeysCard />}
    </Stack>
  );
}

