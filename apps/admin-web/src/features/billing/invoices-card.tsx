import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { formatDate, formatMoney } from "./format.ts";
import type { TBillingSearch } from "./search.ts";

const STATUS_COLOR = { draft: "gray", open: "blue", paid: "green", void: "gray", uncollectible: "red" } as const;

/** Invoices this organization owns or pays for, filtered and sorted from the URL, each with its PDF. */
export function InvoicesCard({ orgId, canDownload, search, onSearch }: { orgId: string; canDownload: boolean; search: TBillingSearch; onSearch(patch: Partial<TBillingSearch>): void }) {
  const invoices = useQuery(trpc.billing.invoices.queryOptions({ orgId }));
  if (invoices.isPending) return <Skeleton h={160} aria-label="Loading invoices" />;
  if (invoices.isError) return <Alert color="red" role="alert" title="Could not load invoices">{errorMessage(invoices.error)}</Alert>;

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
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label="Invoices" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th>Period</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>PO</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>PDF</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && <EmptyRow colSpan={8}>No invoices match.</EmptyRow>}
              {rows.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.number ?? "Draft"}</Table.Td>
                  <Table.Td>{i.organizationName}</Table.Td>
                  <Table.Td>{formatDate(i.periodStart)} – {formatDate(i.periodEnd)}</Table.Td>
                  <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                  <Table.Td>{i.poNumber ?? "—"}</Table.Td>
                  <Table.Td ta="right">{formatMoney(i.totalMinor, i.currency)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={i.overdue ? "red" : STATUS_COLOR[i.status]}>{i.overdue ? "overdue" : i.status}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {canDownload && (
                      <Anchor href={`/api/orgs/${orgId}/billing/invoices/${i.id}/pdf`} target="_blank" rel="noopener" aria-label={`PDF of invoice ${i.number ?? i.id}`}>PDF</Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
