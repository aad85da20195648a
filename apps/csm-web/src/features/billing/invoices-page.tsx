import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, invoiceColumns, PageHeader } from "@atrium/ui";
import { Alert, Anchor, Button, Group, SegmentedControl, Select, Stack } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";

const invoicesRoute = getRouteApi("/staff/invoices");
const staffRoute = getRouteApi("/staff");

type Invoice = inferRouterOutputs<AppRouter>["staff"]["billing"]["invoices"]["list"][number];

const COLUMNS = invoiceColumns<Invoice>({ header: "Customer", width: "16%" });

/** All invoices, or only the overdue ones; finance settles open contract invoices here. */
export function InvoicesPage() {
  const search = invoicesRoute.useSearch();
  const { user } = staffRoute.useRouteContext();
  const isFinance = user.platformRole === "finance" || user.platformRole === "super_admin";
  const navigate = invoicesRoute.useNavigate();
  const queryClient = useQueryClient();
  const input = { ...(search.status ? { status: search.status } : {}), ...(search.overdue ? { overdueOnly: true } : {}) };
  const invoices = useQuery(trpc.staff.billing.invoices.list.queryOptions(input));
  const settle = useMutation(trpc.staff.billing.invoices.settle.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.billing.invoices.list.queryKey() }) }));
  const set = (patch: Partial<typeof search>) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const rows = useMemo(() => {
    const list = [...(invoices.data ?? [])];
    const sort = search.sort ?? "issued";
    return list.sort((a, b) =>
      sort === "amount" ? Number(b.totalMinor - a.totalMinor) : sort === "due" ? (a.dueDate?.getTime() ?? 0) - (b.dueDate?.getTime() ?? 0) : (b.issuedAt?.getTime() ?? 0) - (a.issuedAt?.getTime() ?? 0),
    );
  }, [invoices.data, search.sort]);

  return (
    <Stack gap="lg">
      <PageHeader title={search.overdue ? "Overdue invoices" : "Invoices"} description="Contract invoices (numbered per issuer) and card invoices mirrored from Stripe." />
      <Group>
        <SegmentedControl
          aria-label="Show"
          value={search.overdue ? "overdue" : (search.status ?? "all")}
          onChange={(v) => void set(v === "overdue" ? { overdue: true, status: undefined } : { overdue: undefined, status: v === "all" ? undefined : (v as typeof search.status) })}
          data={[{ value: "all", label: "All" }, { value: "overdue", label: "Overdue" }, { value: "open", label: "Open" }, { value: "paid", label: "Paid" }, { value: "void", label: "Void" }]}
        />
        <Select aria-label="Sort" w={180} allowDeselect={false} value={search.sort ?? "issued"} onChange={(v) => v && void set({ sort: v as typeof search.sort })} data={[{ value: "issued", label: "Newest issued" }, { value: "due", label: "Due date" }, { value: "amount", label: "Largest" }]} />
      </Group>
      {settle.error && <Alert color="red" role="alert">{errorMessage(settle.error)}</Alert>}
      <DataTable
        label="Invoices"
        columns={COLUMNS}
        data={invoices.data ? rows : undefined}
        error={invoices.error}
        onRetry={() => void invoices.refetch()}
        empty="No invoices match."
        actionsWidth={isFinance ? 200 : 70}
        rowActions={(i) => (
          <Group gap="xs" wrap="nowrap">
            <Anchor href={`/api/staff/billing/invoices/${i.id}/pdf`} target="_blank" rel="noopener" aria-label={`PDF of invoice ${i.number ?? i.id}`}>PDF</Anchor>
            {isFinance && i.status === "open" && i.source === "contract" && (
              <>
                <Button size="compact-xs" variant="light" aria-label={`Mark paid: ${i.number}`} loading={settle.isPending} onClick={() => settle.mutate({ invoiceId: i.id, status: "paid", note: "" })}>Mark paid</Button>
                <Button size="compact-xs" variant="subtle" color="gray" aria-label={`Void ${i.number}`} loading={settle.isPending} onClick={() => settle.mutate({ invoiceId: i.id, status: "void", note: "" })}>Void</Button>
              </>
            )}
          </Group>
        )}
      />
    </Stack>
  );
}
