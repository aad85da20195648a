import type { AppRouter } from "@atrium/api";
import { DataTable, invoiceColumns, LoadError } from "@atrium/ui";
import { Anchor, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";
import type { TBillingSearch } from "./search.ts";

type Invoice = inferRouterOutputs<AppRouter>["billing"]["invoices"]["list"][number];

const columns = invoiceColumns<Invoice>({ header: "For", width: "18%" });

/** Invoices this organization owns or pays for, filtered and sorted from the URL, each with its PDF. */
export function InvoicesCard({ orgId, canDownload, search, onSearch }: { orgId: string; canDownload: boolean; search: TBillingSearch; onSearch(patch: Partial<TBillingSearch>): void }) {
  const invoices = useQuery(trpc.billing.invoices.list.queryOptions({ orgId }));
  if (invoices.isPending) return <Skeleton h={160} aria-label="Loading invoices" />;
  if (invoices.isError) return <LoadError title="Could not load invoices" error={invoices.error} onRetry={() => void invoices.refetch()} />;

  const rows = invoices.data
    .filter((i) => search.invoiceStatus === "all" || (search.invoiceStatus === "overdue" ? i.overdue : i.status === search.invoiceStatus))
    .sort((a, b) =>
      search.invoiceSort === "amount" ? Number(b.totalMinor - a.totalMinor) : (search.invoiceSort === "oldest" ? 1 : -1) * (a.periodStart.getTime() - b.periodStart.getTime()),
    );
  return (
    <Paper withBorder p="md" component="section" aria-label="Invoices">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">Invoices</Title>
          <Group gap="sm">
            <SegmentedControl
              aria-label="Invoice status"
              data={[{ value: "all", label: "All" }, { value: "open", label: "Open" }, { value: "overdue", label: "Overdue" }, { value: "paid", label: "Paid" }]}
              value={search.invoiceStatus}
              onChange={(v) => onSearch({ invoiceStatus: v as TBillingSearch["invoiceStatus"] })}
            />
            <Select
              aria-label="Sort invoices"
              data={[{ value: "newest", label: "Newest first" }, { value: "oldest", label: "Oldest first" }, { value: "amount", label: "Largest first" }]}
              value={search.invoiceSort}
              onChange={(v) => v && onSearch({ invoiceSort: v as TBillingSearch["invoiceSort"] })}
              allowDeselect={false}
              w={160}
            />
          </Group>
        </Group>
        <DataTable
          label="Invoices"
          columns={columns}
          data={rows}
          empty="No invoices match."
          actionsWidth={70}
          rowActions={(i) =>
            canDownload && (
              <Anchor href={`/api/orgs/${orgId}/billing/invoices/${i.id}/pdf`} target="_blank" rel="noopener" aria-label={`PDF of invoice ${i.number ?? i.id}`}>PDF</Anchor>
            )
          }
        />
      </Stack>
    </Paper>
  );
}
