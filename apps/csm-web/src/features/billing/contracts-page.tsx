import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, formatDays, PageHeader, TruncatedText } from "@atrium/ui";
import { Anchor, Badge, Group, SegmentedControl, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { CellLink } from "../../lib/cell-link.tsx";
import { trpc } from "../../lib/api.ts";
import { formatDate, formatMoney } from "./format.ts";

const contractsRoute = getRouteApi("/staff/contracts");

export const CONTRACT_STATUS_COLOR = { active: "green", renewal_pending: "orange", expired: "gray", cancelled: "red" } as const;

type Contract = inferRouterOutputs<AppRouter>["staff"]["billing"]["contracts"]["list"][number];

const COLUMNS: DataColumn<Contract>[] = [
  { id: "customer", header: "Customer", sortable: true, width: "15%", value: (c) => c.organizationName },
  {
    id: "contract",
    header: "Contract",
    sortable: true,
    width: "17%",
    value: (c) => c.name,
    cell: (c) => <CellLink text={c.name} renderRoot={(props) => <Link {...props} to="/contracts/$contractId" params={{ contractId: c.id }} />} />,
  },
  { id: "value", header: "Annual value", align: "right", sortable: true, width: "14%", value: (c) => c.annualValueMinor, cell: (c) => <TruncatedText text={formatMoney(c.annualValueMinor, c.currency)} /> },
  { id: "seats", header: "Seats", align: "right", sortable: true, width: 80, value: (c) => c.seats },
  {
    id: "renewal",
    header: "Renewal",
    sortable: true,
    width: "18%",
    value: (c) => c.renewalDate,
    cell: (c) => (
      <Group gap={6} wrap="nowrap">
        <TruncatedText text={formatDate(c.renewalDate)} />
        <Badge variant="light" style={{ flexShrink: 0 }} color={c.daysToRenewal <= 30 ? "red" : c.daysToRenewal <= 90 ? "orange" : "gray"}>{formatDays(c.daysToRenewal)}</Badge>
      </Group>
    ),
  },
  { id: "terms", header: "Terms", value: (c) => `${c.billingCycle}, ${c.paymentTerms.replace("_", "-")}` },
  { id: "csm", header: "CSM", sortable: true, value: (c) => c.csmName },
  {
    id: "status",
    header: "Status",
    sortable: true,
    value: (c) => c.status,
    cell: (c) => <Badge variant="light" color={CONTRACT_STATUS_COLOR[c.status]}>{c.status.replace("_", " ")}</Badge>,
  },
];

/** Every enterprise contract by renewal date; status and renewal window filters live in the URL. */
export function ContractsPage() {
  const search = contractsRoute.useSearch();
  const navigate = contractsRoute.useNavigate();
  const contracts = useQuery(trpc.staff.billing.contracts.list.queryOptions({ ...(search.status ? { status: search.status } : {}), ...(search.renewal ? { renewalWithinDays: search.renewal } : {}) }));
  const set = (patch: Partial<typeof search>) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <Stack gap="lg">
      <PageHeader
        title="Contracts"
        description="Enterprise contracts, soonest renewal first. Finance edits terms and pricing; everyone on staff can read them."
        actions={<Anchor renderRoot={(props) => <Link {...props} to="/contracts/$contractId" params={{ contractId: "new" }} />}>New contract</Anchor>}
      />
      <Group>
        <SegmentedControl
          aria-label="Status"
          value={search.status ?? "all"}
          onChange={(v) => void set({ status: v === "all" ? undefined : (v as typeof search.status) })}
          data={[{ value: "all", label: "All" }, { value: "active", label: "Active" }, { value: "renewal_pending", label: "Renewal pending" }, { value: "expired", label: "Expired" }, { value: "cancelled", label: "Cancelled" }]}
        />
        <SegmentedControl
          aria-label="Renewal within"
          value={String(search.renewal ?? "any")}
          onChange={(v) => void set({ renewal: v === "any" ? undefined : (Number(v) as 30 | 60 | 90) })}
          data={[{ value: "any", label: "Any renewal" }, { value: "30", label: "≤ 30 days" }, { value: "60", label: "≤ 60 days" }, { value: "90", label: "≤ 90 days" }]}
        />
      </Group>
      <DataTable
        label="Contracts"
        urlKey="contracts"
        columns={COLUMNS}
        query={contracts}
        empty="No contracts match."
      />
    </Stack>
  );
}
