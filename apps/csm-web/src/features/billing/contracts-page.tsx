import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { contractsRoute } from "../../routes/router.tsx";
import { formatDate, formatMoney } from "./format.ts";

export const CONTRACT_STATUS_COLOR = { active: "green", renewal_pending: "orange", expired: "gray", cancelled: "red" } as const;

/** Every enterprise contract by renewal date; status and renewal window filters live in the URL. */
export function ContractsPage() {
  const search = contractsRoute.useSearch();
  const navigate = useNavigate({ from: contractsRoute.fullPath });
  const contracts = useQuery(trpc.contracts.list.queryOptions({ ...(search.status ? { status: search.status } : {}), ...(search.renewal ? { renewalWithinDays: search.renewal } : {}) }));
  const set = (patch: Partial<typeof search>) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">Contracts</Title>
          <Text c="dimmed">Enterprise contracts, soonest renewal first. Finance edits terms and pricing; everyone on staff can read them.</Text>
        </div>
        <Anchor renderRoot={(props) => <Link {...props} to="/contracts/$contractId" params={{ contractId: "new" }} />}>New contract</Anchor>
      </Group>
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
      {contracts.isPending && <Loader aria-label="Loading contracts" />}
      {contracts.isError && <Alert color="red" role="alert">{errorMessage(contracts.error)}</Alert>}
      {contracts.data && (
        <Table aria-label="Contracts" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Contract</Table.Th>
              <Table.Th ta="right">Annual value</Table.Th>
              <Table.Th ta="right">Seats</Table.Th>
              <Table.Th>Renewal</Table.Th>
              <Table.Th>Terms</Table.Th>
              <Table.Th>CSM</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contracts.data.length === 0 && (
              <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center" py="lg">No contracts match.</Text></Table.Td></Table.Tr>
            )}
            {contracts.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.organizationName}</Table.Td>
                <Table.Td><Anchor renderRoot={(props) => <Link {...props} to="/contracts/$contractId" params={{ contractId: c.id }} />}>{c.name}</Anchor></Table.Td>
                <Table.Td ta="right">{formatMoney(c.annualValueMinor, c.currency)}</Table.Td>
                <Table.Td ta="right">{c.seats}</Table.Td>
                <Table.Td>
                  {formatDate(c.renewalDate)}{" "}
                  <Badge variant="light" color={c.daysToRenewal <= 30 ? "red" : c.daysToRenewal <= 90 ? "orange" : "gray"}>{c.daysToRenewal} days</Badge>
                </Table.Td>
                <Table.Td>{c.billingCycle}, {c.paymentTerms.replace("_", "-")}</Table.Td>
                <Table.Td>{c.csmName ?? "—"}</Table.Td>
                <Table.Td><Badge variant="light" color={CONTRACT_STATUS_COLOR[c.status]}>{c.status.replace("_", " ")}</Badge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
