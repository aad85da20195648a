import { errorMessage, formatDateTime, formatNumber, PageHeader, serverFieldErrors, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Badge, Button, Checkbox, Grid, Group, Loader, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { CONTRACT_STATUS_COLOR } from "./contracts-page.tsx";
import { emptyForm, formFrom, METRICS, termsFrom } from "./contract-form.ts";
import { historyLines } from "./contract-history.ts";
import { contractFieldErrors, contractFormSchema } from "./contract-schema.ts";
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
  const schema = contractFormSchema(isNew);
  const form = useZodForm(schema, { ...(contract.data ? formFrom(contract.data) : emptyForm()), reason: "" });
  // A refusal's field errors go on the editor's fields (the server names them terms.seats…); the rest above the Save button.
  const [offFields, setOffFields] = useState<unknown>(null);
  const refused = (error: unknown) => {
    const fieldErrors = serverFieldErrors(error);
    const { onFields, rest } = fieldErrors ? contractFieldErrors(fieldErrors) : { onFields: {}, rest: true };
    form.setErrors(onFields);
    setOffFields(rest ? error : null);
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.billing.contracts.pathKey() });
  const create = useMutation(trpc.staff.billing.contracts.create.mutationOptions({ onSuccess: ({ id }) => void navigate({ to: "/contracts/$contractId", params: { contractId: id } }), onError: refused }));
  const update = useMutation(trpc.staff.billing.contracts.update.mutationOptions({ onSuccess: () => void refresh(), onError: refused }));
  const setStatus = useMutation(trpc.staff.billing.contracts.setStatus.mutationOptions({ onSuccess: refresh }));
  const generate = useMutation(trpc.staff.billing.invoices.generate.mutationOptions());

  if (!isNew && contract.isPending) return <Loader aria-label="Loading the contract" />;
  if (contract.isError) return <Alert color="red" role="alert" title="Could not load the contract">{errorMessage(contract.error)}</Alert>;

  const values = form.values;
  const field = (path: string) => form.getInputProps(path);
  const staffOptions = (roles: string[]) => (staff.data ?? []).filter((s) => s.platformRole && roles.includes(s.platformRole)).map((s) => ({ value: s.id, label: s.name }));
  const ro = !canEdit;
  const staffNames = new Map((staff.data ?? []).map((s) => [s.id, s.name]));

  function save(v: typeof values) {
    setOffFields(null);
    const result = termsFrom(v);
    // The schema has passed, so the conversion does too; the server checks the terms again.
    if ("error" in result) return;
    const terms = result.terms as never;
    const reason = v.reason.trim();
    if (isNew) create.mutate({ organizationId: v.organizationId!, terms, reason });
    else update.mutate({ contractId, version: contract.data!.version, terms, reason });
  }
  const error = offFields ?? setStatus.error;

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader
        title={isNew ? "New contract" : contract.data!.name}
        description={isNew ? undefined : `${contract.data!.organizationName} · version ${contract.data!.version}`}
        actions={isNew ? null : <Badge size="lg" variant="light" color={CONTRACT_STATUS_COLOR[contract.data!.status]}>{contract.data!.status.replace("_", " ")}</Badge>}
      />
      {ro && <Alert color="blue" role="status">Read only: only finance can change contracts and pricing.</Alert>}
      <ZodForm form={form} error={null} label={isNew ? "New contract" : "Contract"} onSubmit={save}>
      <Grid data-read-only-form={ro || undefined}>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="Terms">
              <Title order={2} size="h4" mb="sm">Terms</Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {isNew && <Select label="Customer" searchable data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))} withAsterisk {...field("organizationId")} />}
                <TextInput label="Name" readOnly={ro} withAsterisk {...field("name")} />
                <Select label="Currency" data={CURRENCIES} readOnly={ro} allowDeselect={false} {...field("currency")} />
                <TextInput label="Start date" type="date" readOnly={ro} withAsterisk {...field("startDate")} />
                <TextInput label="End date" type="date" readOnly={ro} withAsterisk {...field("endDate")} />
                <TextInput label="Renewal date" type="date" readOnly={ro} withAsterisk {...field("renewalDate")} />
                <Select label="Payment terms" data={TERMS} readOnly={ro} allowDeselect={false} {...field("paymentTerms")} />
                <Select label="Billing cycle" data={CYCLES} readOnly={ro} allowDeselect={false} {...field("billingCycle")} />
                <TextInput label="PO number" readOnly={ro} {...field("poNumber")} />
                <Checkbox label="Renews automatically" disabled={ro} {...form.getInputProps("autoRenew", { type: "checkbox" })} mt="xl" />
              </SimpleGrid>
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="Pricing">
              <Title order={2} size="h4" mb="sm">Pricing ({values.currency.toUpperCase()})</Title>
              <SimpleGrid cols={{ base: 1, sm: 4 }}>
                <TextInput label="Annual value" readOnly={ro} withAsterisk {...field("annualValue")} />
                <TextInput label="Seats included" readOnly={ro} withAsterisk {...field("seats")} />
                <TextInput label="Extra seat price / year" readOnly={ro} {...field("seatPrice")} />
                <TextInput label="Committed usage / year" readOnly={ro} {...field("committed")} />
              </SimpleGrid>
              <Text size="sm" fw={600} mt="md">Usage prices</Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {METRICS.map((m) => (
                  <Group key={m.value} gap="xs" align="end" wrap="nowrap">
                    <TextInput label={`${m.label}: price`} readOnly={ro} {...field(`usagePrices.${m.value}.price`)} w={130} />
                    <TextInput label="per units" readOnly={ro} {...field(`usagePrices.${m.value}.unitSize`)} w={120} />
                  </Group>
                ))}
              </SimpleGrid>
              <Text size="sm" fw={600} mt="md">Volume tiers (the whole period's volume is priced at the tier it reaches; empty "up to" = no limit)</Text>
              <VolumeTiersTable tiers={values.tiers} readOnly={ro} inputProps={field} onRemove={(index) => form.removeListItem("tiers", index)} />
              {typeof form.errors["tiers"] === "string" && <Text size="sm" c="red.8" role="alert">{form.errors["tiers"]}</Text>}
              {!ro && <Button variant="subtle" size="xs" onClick={() => form.insertListItem("tiers", { metric: "api_calls", upTo: "", price: "", unitSize: "1000" })}>Add tier</Button>}
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="SLA and people">
              <Title order={2} size="h4" mb="sm">SLA and people</Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label="Uptime (%)" readOnly={ro} {...field("slaUptime")} />
                <TextInput label="p99 latency (ms)" readOnly={ro} {...field("slaP99")} />
                <Select label="Support level" data={SUPPORT} readOnly={ro} allowDeselect={false} {...field("slaSupportLevel")} />
                <Select label="Customer success manager" data={staffOptions(["csm", "super_admin"])} readOnly={ro} clearable {...field("csmUserId")} />
                <Select label="Account executive" data={staffOptions(["sales", "super_admin"])} readOnly={ro} clearable {...field("accountExecutiveUserId")} />
                <TagsInput label="Billing contacts (e-mail)" readOnly={ro} {...field("billingContacts")} />
              </SimpleGrid>
              <Textarea label="Notes" mt="sm" readOnly={ro} {...field("notes")} autosize minRows={2} />
            </Paper>
            {canEdit && (
              <Paper withBorder p="md">
                <Group align="flex-start">
                  <TextInput label="Reason for the change" description="Kept in the contract's history" style={{ flex: 1 }} withAsterisk {...field("reason")} />
                  <Button type="submit" mt={25} loading={create.isPending || update.isPending}>{isNew ? "Create contract" : "Save changes"}</Button>
                </Group>
                {error != null && <Alert color="red" role="alert" mt="sm">{errorMessage(error)}</Alert>}
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
                      onChange={(v) => v && setStatus.mutate({ contractId, status: v as "active", reason: values.reason.trim().length >= 3 ? values.reason.trim() : `Status set to ${v.replace("_", " ")}` })} allowDeselect={false} />
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
                      {h.kind !== "created" && historyLines(h.changes, contract.data!.currency, staffNames).map((line) => (
                        <Text key={line} size="xs">{line}</Text>
                      ))}
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Paper>
            </Stack>
          </Grid.Col>
        )}
      </Grid>
      </ZodForm>
    </Stack>
  );
}
