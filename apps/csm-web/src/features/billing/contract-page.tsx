import { errorMessage, formatDateTime, formatNumber } from "@atrium/ui";
import { Alert, Badge, Button, Checkbox, Grid, Group, Loader, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { CONTRACT_STATUS_COLOR } from "./contracts-page.tsx";
import { emptyForm, formFrom, METRICS, termsFrom, type ContractForm } from "./contract-form.ts";
import { VolumeTiersTable } from "./volume-tiers-table.tsx";

const contractRoute = getRouteApi("/staff/contracts/$contractId");
const staffRoute = getRouteApi("/staff");

const TERMS = [{ value: "immediate", label: "Due on receipt" }, { value: "net_30", label: "Net 30" }, { value: "net_60", label: "Net 60" }, { value: "net_90", label: "Net 90" }];
const CYCLES = [{ value: "monthly", label: "Monthly" }, { value: "quarterly", label: "Quarterly" }, { value: "annual", label: "Annual" }];
const SUPPORT = ["standard", "business", "premium", "dedicated"].map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) }));
const CURRENCIES = [{ value: "usd", label: "USD" }, { value: "eur", label: "EUR" }, { value: "gbp", label: "GBP" }];

/** A contract's terms, pricing, SLA and people; editable by finance, read-only for other staff; with its history. */
export function ContractPage() {
  const { contractId } = contractRoute.useParams();
  const contract = useQuery({ ...trpc.staff.billing.contracts.get.queryOptions({ contractId }), enabled: contractId !== "new" });
  if (contractId !== "new" && contract.isPending) return <Loader aria-label="Loading the contract" />;
  // A new version (after a save) starts the form afresh from the stored terms.
  return <ContractEditor key={`${contractId}:${contract.data?.version ?? 0}`} />;
}

function ContractEditor() {
  const { contractId } = contractRoute.useParams();
  const isNew = contractId === "new";
  const { user } = staffRoute.useRouteContext();
  const canEdit = user.platformRole === "finance" || user.platformRole === "super_admin";
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const contract = useQuery({ ...trpc.staff.billing.contracts.get.queryOptions({ contractId }), enabled: !isNew });
  const history = useQuery({ ...trpc.staff.billing.contracts.history.queryOptions({ contractId }), enabled: !isNew });
  const staff = useQuery(trpc.staff.billing.contracts.staff.queryOptions());
  const customers = useQuery({ ...trpc.staff.customers.list.queryOptions(), enabled: isNew });
  const [form, setForm] = useState<ContractForm>(() => (contract.data ? formFrom(contract.data) : emptyForm()));
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.billing.contracts.pathKey() });
  const create = useMutation(trpc.staff.billing.contracts.create.mutationOptions({ onSuccess: ({ id }) => void navigate({ to: "/contracts/$contractId", params: { contractId: id } }) }));
  const update = useMutation(trpc.staff.billing.contracts.update.mutationOptions({ onSuccess: () => { setReason(""); void refresh(); } }));
  const setStatus = useMutation(trpc.staff.billing.contracts.setStatus.mutationOptions({ onSuccess: refresh }));
  const generate = useMutation(trpc.staff.billing.invoices.generate.mutationOptions());

  if (!isNew && contract.isPending) return <Loader aria-label="Loading the contract" />;
  if (contract.isError) return <Alert color="red" role="alert" title="Could not load the contract">{errorMessage(contract.error)}</Alert>;

  const set = <K extends keyof ContractForm>(key: K, value: ContractForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const staffOptions = (roles: string[]) => (staff.data ?? []).filter((s) => s.platformRole && roles.includes(s.platformRole)).map((s) => ({ value: s.id, label: s.name }));
  const ro = !canEdit;

  function save() {
    const result = termsFrom(form);
    if ("error" in result) return setProblem(result.error);
    if (reason.trim().length < 3) return setProblem("Reason: say why (at least 3 characters); it goes into the history.");
    setProblem(null);
    const terms = result.terms as never;
    if (isNew) {
      if (!form.organizationId) return setProblem("Customer: choose the organization");
      create.mutate({ organizationId: form.organizationId, terms, reason });
    } else update.mutate({ contractId, version: contract.data!.version, terms, reason });
  }
  const error = problem ?? (create.error || update.error || setStatus.error ? errorMessage(create.error ?? update.error ?? setStatus.error) : null);

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">{isNew ? "New contract" : contract.data!.name}</Title>
          {!isNew && <Text c="dimmed">{contract.data!.organizationName} · version {contract.data!.version}</Text>}
        </div>
        {!isNew && <Badge size="lg" variant="light" color={CONTRACT_STATUS_COLOR[contract.data!.status]}>{contract.data!.status.replace("_", " ")}</Badge>}
      </Group>
      {ro && <Alert color="blue" role="status">Read only: only finance can change contracts and pricing.</Alert>}
      <Grid data-read-only-form={ro || undefined}>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="Terms">
              <Title order={2} size="h4" mb="sm">Terms</Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {isNew && <Select label="Customer" searchable data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={form.organizationId} onChange={(v) => set("organizationId", v)} required />}
                <TextInput label="Name" value={form.name} onChange={(e) => set("name", e.currentTarget.value)} readOnly={ro} required />
                <Select label="Currency" data={CURRENCIES} value={form.currency} onChange={(v) => v && set("currency", v as ContractForm["currency"])} readOnly={ro} allowDeselect={false} />
                <TextInput label="Start date" type="date" value={form.startDate} onChange={(e) => set("startDate", e.currentTarget.value)} readOnly={ro} required />
                <TextInput label="End date" type="date" value={form.endDate} onChange={(e) => set("endDate", e.currentTarget.value)} readOnly={ro} required />
                <TextInput label="Renewal date" type="date" value={form.renewalDate} onChange={(e) => set("renewalDate", e.currentTarget.value)} readOnly={ro} required />
                <Select label="Payment terms" data={TERMS} value={form.paymentTerms} onChange={(v) => v && set("paymentTerms", v as ContractForm["paymentTerms"])} readOnly={ro} allowDeselect={false} />
                <Select label="Billing cycle" data={CYCLES} value={form.billingCycle} onChange={(v) => v && set("billingCycle", v as ContractForm["billingCycle"])} readOnly={ro} allowDeselect={false} />
                <TextInput label="PO number" value={form.poNumber} onChange={(e) => set("poNumber", e.currentTarget.value)} readOnly={ro} />
                <Checkbox label="Renews automatically" checked={form.autoRenew} onChange={(e) => set("autoRenew", e.currentTarget.checked)} disabled={ro} mt="xl" />
              </SimpleGrid>
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="Pricing">
              <Title order={2} size="h4" mb="sm">Pricing ({form.currency.toUpperCase()})</Title>
              <SimpleGrid cols={{ base: 1, sm: 4 }}>
                <TextInput label="Annual value" value={form.annualValue} onChange={(e) => set("annualValue", e.currentTarget.value)} readOnly={ro} required />
                <TextInput label="Seats included" value={form.seats} onChange={(e) => set("seats", e.currentTarget.value)} readOnly={ro} required />
                <TextInput label="Extra seat price / year" value={form.seatPrice} onChange={(e) => set("seatPrice", e.currentTarget.value)} readOnly={ro} />
                <TextInput label="Committed usage / year" value={form.committed} onChange={(e) => set("committed", e.currentTarget.value)} readOnly={ro} />
              </SimpleGrid>
              <Text size="sm" fw={600} mt="md">Usage prices</Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {METRICS.map((m) => (
                  <Group key={m.value} gap="xs" align="end" wrap="nowrap">
                    <TextInput label={`${m.label}: price`} value={form.usagePrices[m.value].price} onChange={(e) => set("usagePrices", { ...form.usagePrices, [m.value]: { ...form.usagePrices[m.value], price: e.currentTarget.value } })} readOnly={ro} w={130} />
                    <TextInput label="per units" value={form.usagePrices[m.value].unitSize} onChange={(e) => set("usagePrices", { ...form.usagePrices, [m.value]: { ...form.usagePrices[m.value], unitSize: e.currentTarget.value } })} readOnly={ro} w={120} />
                  </Group>
                ))}
              </SimpleGrid>
              <Text size="sm" fw={600} mt="md">Volume tiers (the whole period's volume is priced at the tier it reaches; empty "up to" = no limit)</Text>
              <VolumeTiersTable tiers={form.tiers} readOnly={ro} onChange={(tiers) => set("tiers", tiers)} />
              {!ro && <Button variant="subtle" size="xs" onClick={() => set("tiers", [...form.tiers, { metric: "api_calls", upTo: "", price: "", unitSize: "1000" }])}>Add tier</Button>}
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="SLA and people">
              <Title order={2} size="h4" mb="sm">SLA and people</Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label="Uptime (%)" value={form.slaUptime} onChange={(e) => set("slaUptime", e.currentTarget.value)} readOnly={ro} />
                <TextInput label="p99 latency (ms)" value={form.slaP99} onChange={(e) => set("slaP99", e.currentTarget.value)} readOnly={ro} />
                <Select label="Support level" data={SUPPORT} value={form.slaSupportLevel} onChange={(v) => v && set("slaSupportLevel", v as ContractForm["slaSupportLevel"])} readOnly={ro} allowDeselect={false} />
                <Select label="Customer success manager" data={staffOptions(["csm", "super_admin"])} value={form.csmUserId} onChange={(v) => set("csmUserId", v)} readOnly={ro} clearable />
                <Select label="Account executive" data={staffOptions(["sales", "super_admin"])} value={form.accountExecutiveUserId} onChange={(v) => set("accountExecutiveUserId", v)} readOnly={ro} clearable />
                <TagsInput label="Billing contacts (e-mail)" value={form.billingContacts} onChange={(v) => set("billingContacts", v)} readOnly={ro} />
              </SimpleGrid>
              <Textarea label="Notes" mt="sm" value={form.notes} onChange={(e) => set("notes", e.currentTarget.value)} readOnly={ro} autosize minRows={2} />
            </Paper>
            {canEdit && (
              <Paper withBorder p="md">
                <Group align="end">
                  <TextInput label="Reason for the change" value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} required />
                  <Button onClick={save} loading={create.isPending || update.isPending}>{isNew ? "Create contract" : "Save changes"}</Button>
                </Group>
                {error && <Alert color="red" role="alert" mt="sm">{error}</Alert>}
                {update.isSuccess && !error && <Alert color="green" role="status" mt="sm">Saved as version {update.data.version}.</Alert>}
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        {!isNew && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              {canEdit && (
                <Paper withBorder p="md" component="section" aria-label="Actions">
                  <Stack gap="xs">
                    <Select label="Status" data={["active", "renewal_pending", "expired", "cancelled"].map((s) => ({ value: s, label: s.replace("_", " ") }))} value={contract.data!.status}
                      onChange={(v) => v && setStatus.mutate({ contractId, status: v as "active", reason: reason.trim().length >= 3 ? reason : `Status set to ${v.replace("_", " ")}` })} allowDeselect={false} />
                    <Button variant="light" loading={generate.isPending} onClick={() => generate.mutate({ contractId })}>Invoice ended periods now</Button>
                    {generate.data && <Text size="sm" role="status">{formatNumber(generate.data.created)} invoice(s) created.</Text>}
                  </Stack>
                </Paper>
              )}
              <Paper withBorder p="md" component="section" aria-label="History">
                <Title order={2} size="h4" mb="sm">History</Title>
                <Timeline bulletSize={14} lineWidth={2}>
                  {(history.data ?? []).map((h) => (
                    <Timeline.Item key={h.version} title={`v${h.version} · ${h.kind.replace("_", " ")}`}>
                      <Text size="xs" c="dimmed">{formatDateTime(h.createdAt)} · {h.changedBy ?? "system"}{h.reason ? ` · ${h.reason}` : ""}</Text>
                      {h.kind !== "created" && Object.entries(h.changes).map(([field, c]) => (
                        <Text key={field} size="xs">{field}: {JSON.stringify(c.from)} → {JSON.stringify(c.to)}</Text>
                      ))}
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Paper>
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
