import { errorMessage, PLAN_COLORS, PLAN_LABELS, REGION_LABELS } from "@atrium/ui";
import { Alert, Anchor, Badge, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";
import { customersRoute } from "../../routes/router.tsx";
import { filterAndSort, type SortKey } from "./sorting.ts";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Customer" },
  { key: "plan", label: "Plan" },
  { key: "region", label: "Region" },
  { key: "organizations", label: "Organizations", numeric: true },
  { key: "members", label: "Members", numeric: true },
];

/** The CSM's book of customers; search, plan filter and sort live in the URL. */
export function CustomersPage() {
  const search = customersRoute.useSearch();
  const navigate = useNavigate({ from: customersRoute.fullPath });
  const customers = useQuery(trpc.customers.list.queryOptions());
  const rows = useMemo(() => filterAndSort(customers.data ?? [], search), [customers.data, search]);
  const sort = search.sort ?? "name";
  const dir = search.dir ?? "asc";

  const setSearch = (patch: Partial<typeof search>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  if (customers.isPending) return <Loader aria-label="Loading customers" />;
  if (customers.isError) return <Alert color="red" title="Could not load customers">{errorMessage(customers.error)}</Alert>;

  const all = customers.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">Customers</Title>
        <Text c="dimmed">Every customer organization, with its plan, region and people.</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Customers" value={all.length} />
        <Stat label="Enterprise customers" value={all.filter((c) => c.isEnterprise).length} />
        <Stat label="People" value={all.reduce((sum, c) => sum + c.memberCount, 0)} />
      </SimpleGrid>
      <Group>
        <TextInput
          aria-label="Search customers"
          placeholder="Search by name"
          w={280}
          value={search.q ?? ""}
          onChange={(e) => setSearch({ q: e.currentTarget.value || undefined })}
        />
        <Select
          aria-label="Filter by plan"
          placeholder="All plans"
          clearable
          w={180}
          value={search.plan ?? null}
          data={Object.entries(PLAN_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(plan) => setSearch({ plan: (plan ?? undefined) as typeof search.plan })}
        />
        <Text size="sm" c="dimmed" aria-live="polite">{rows.length} of {all.length} shown</Text>
      </Group>
      <Paper withBorder>
        <Table striped highlightOnHover aria-label="Customers">
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((col) => (
                <Table.Th key={col.key} ta={col.numeric ? "right" : undefined} aria-sort={sort === col.key ? (dir === "asc" ? "ascending" : "descending") : "none"}>
                  <UnstyledButton
                    fw={600}
                    fz="sm"
                    onClick={() => setSearch({ sort: col.key, dir: sort === col.key && dir === "asc" ? "desc" : "asc" })}
                  >
                    {col.label} {sort === col.key ? (dir === "asc" ? "▲" : "▼") : ""}
                  </UnstyledButton>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor
                    fw={500}
                    size="sm"
                    renderRoot={(props) => <Link {...props} to="/customers/$customerId" params={{ customerId: c.id }} />}
                  >
                    {c.name}
                  </Anchor>
                  <Text c="dimmed" size="xs">{c.slug}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={PLAN_COLORS[c.plan]} variant="light">{PLAN_LABELS[c.plan]}</Badge>
                </Table.Td>
                <Table.Td>{REGION_LABELS[c.region]}</Table.Td>
                <Table.Td ta="right">{c.organizationCount}</Table.Td>
                <Table.Td ta="right">{c.memberCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={28} fw={700}>{value}</Text>
    </Paper>
  );
}
