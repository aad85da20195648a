import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, formatDateTime, formatNumber, useZodForm, valuesProblems, ZodForm, type DataColumn } from "@atrium/ui";
import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { RISK_COLORS, RISK_LABELS } from "./format.ts";

type Config = inferRouterOutputs<AppRouter>["staff"]["health"]["config"];
type ConfigInput = inferRouterInputs<AppRouter>["staff"]["health"]["setConfig"];
type Weights = ConfigInput["weights"];
type Preview = inferRouterOutputs<AppRouter>["staff"]["health"]["previewConfig"];
type Moved = Preview["changed"][number];

const asNumber = (v: number | string) => (typeof v === "number" ? v : Number.NaN);

/**
 * What the editor checks before asking the server (which checks the same again): each weight
 * a whole number of points that together make 100, and the two thresholds in order. Both are
 * said while the values are typed.
 */
const ZHealthConfigForm = z
  .object({
    weights: z.record(z.string(), z.union([z.number(), z.string()])),
    thresholds: z.object({ high_risk_below: z.union([z.number(), z.string()]), medium_risk_below: z.union([z.number(), z.string()]) }),
  })
  .superRefine(({ weights, thresholds }, ctx) => {
    const values = Object.values(weights).map(asNumber);
    const total = values.reduce((a, b) => a + b, 0);
    if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 100)) ctx.addIssue({ code: "custom", path: ["weights"], message: "Each weight is a whole number of points from 0 to 100." });
    else if (total !== 100) ctx.addIssue({ code: "custom", path: ["weights"], message: `The weights add up to ${formatNumber(total)} points; they must add up to 100.` });
    const high = asNumber(thresholds.high_risk_below);
    const medium = asNumber(thresholds.medium_risk_below);
    const path = ["thresholds", "medium_risk_below"];
    if (!Number.isInteger(high) || !Number.isInteger(medium) || high < 1 || medium > 100) ctx.addIssue({ code: "custom", path, message: "Thresholds are whole scores from 1 to 100." });
    else if (high > medium) ctx.addIssue({ code: "custom", path, message: "The at-risk threshold must not be above the healthy threshold." });
  });

const MOVED_COLUMNS: DataColumn<Moved>[] = [
  { id: "name", header: "Customer", sortable: true, value: (m) => m.name },
  { id: "before", header: "Now", width: "26%", cell: (m) => <Group gap={6} wrap="nowrap"><Text size="sm">{m.scoreBefore}</Text><Badge variant="light" color={RISK_COLORS[m.riskBefore]}>{RISK_LABELS[m.riskBefore]}</Badge></Group> },
  { id: "after", header: "After saving", width: "26%", cell: (m) => <Group gap={6} wrap="nowrap"><Text size="sm">{m.scoreAfter}</Text><Badge variant="light" color={RISK_COLORS[m.riskAfter]}>{RISK_LABELS[m.riskAfter]}</Badge></Group> },
];

/**
 * The health model a CS lead tunes: each component's weight (points out of 100) and the two
 * thresholds that cut scores into high, medium and low risk. "Preview" rescored every customer
 * as of today under the draft without keeping anything; "Save" applies it (audited) and the
 * next recompute uses it. Without health:configure the editor is read-only.
 */
export function HealthConfigEditor({ config, canConfigure }: { config: Config; canConfigure: boolean }) {
  const [previewed, setPreviewed] = useState<ConfigInput | null>(null);
  const save = useMutation(
    trpc.staff.health.setConfig.mutationOptions({
      onSuccess: async () => {
        setPreviewed(null);
        await queryClient.invalidateQueries({ queryKey: trpc.staff.health.pathKey() });
        notifications.show({ color: "green", message: "Health model saved. Scores follow at the next recompute." });
      },
    }),
  );
  const form = useZodForm(ZHealthConfigForm, { weights: config.weights, thresholds: { high_risk_below: config.thresholds.high_risk_below, medium_risk_below: config.thresholds.medium_risk_below } }, save.error);
  const { weights, thresholds } = form.values;
  const draft: ConfigInput = {
    weights: Object.fromEntries(Object.entries(weights).map(([key, v]) => [key, asNumber(v)])) as Weights,
    thresholds: { ...config.thresholds, high_risk_below: asNumber(thresholds.high_risk_below), medium_risk_below: asNumber(thresholds.medium_risk_below) },
    rollup: config.rollup,
  };
  const live = valuesProblems(ZHealthConfigForm, form.values);
  const valid = Object.keys(live).length === 0;
  const total = Object.values(draft.weights).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const changed = JSON.stringify(draft) !== JSON.stringify({ weights: config.weights, thresholds: config.thresholds, rollup: config.rollup });
  const preview = useQuery({ ...trpc.staff.health.previewConfig.queryOptions(previewed ?? draft), enabled: previewed !== null, staleTime: Infinity, retry: false });
  // A changed value makes the last preview stale; the rule it breaks shows at once.
  const input = (path: string) => {
    const props = form.getInputProps(path);
    return { ...props, onChange: (v: unknown) => { props.onChange(v); setPreviewed(null); } };
  };
  const weightsProblem = live["weights"] ?? form.errors["weights"];
  const bandsProblem = live["thresholds.medium_risk_below"];

  return (
    <Paper withBorder p="md" component="section" aria-label="Weights and thresholds">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">Weights and thresholds</Title>
        <Text size="xs" c="dimmed">Last changed {formatDateTime(config.updatedAt)}</Text>
      </Group>
      <ZodForm form={form} error={save.error} disabled={!canConfigure} gap="md" onSubmit={() => save.mutate(draft)}>
        {!canConfigure && <Text size="sm" c="dimmed">Only CS leads change the health model; you can read it and its backtest.</Text>}
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {config.components.map(({ key, label }) => (
            <NumberInput key={key} label={label[0]!.toUpperCase() + label.slice(1)} suffix=" pts" min={0} max={100} allowDecimal={false} allowNegative={false} {...input(`weights.${key}`)} />
          ))}
        </SimpleGrid>
        <Group gap="xs" aria-live="polite">
          <Text size="sm">Total</Text>
          <Badge color={total === 100 ? "teal" : "red"} variant="light" aria-label={`Total ${total} of 100 points`}>{formatNumber(total)} / 100 pts</Badge>
        </Group>
        {weightsProblem && <Text size="sm" c="red" role="alert">{String(weightsProblem)}</Text>}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <NumberInput label="At risk below" description="Scores under this are high risk" min={1} max={100} allowDecimal={false} {...input("thresholds.high_risk_below")} error={bandsProblem ? true : form.errors["thresholds.high_risk_below"]} />
          <NumberInput
            label="Healthy from"
            description="Scores from this up are low risk; between the two, medium"
            min={1}
            max={100}
            allowDecimal={false}
            {...input("thresholds.medium_risk_below")}
            error={bandsProblem ?? form.errors["thresholds.medium_risk_below"]}
          />
        </SimpleGrid>
        {canConfigure && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!valid || !changed} loading={preview.isFetching} onClick={() => setPreviewed(draft)}>Preview</Button>
            <Button type="submit" disabled={!valid || !changed} loading={save.isPending}>Save health model</Button>
          </Group>
        )}
      </ZodForm>
      {previewed && <PreviewResult preview={preview} />}
    </Paper>
  );
}

function PreviewResult({ preview }: { preview: { data?: Preview; error: unknown; isPending: boolean } }) {
  if (preview.error) return <Alert color="red" mt="md" role="alert" title="Could not preview">{errorMessage(preview.error)}</Alert>;
  if (!preview.data) return null;
  const p = preview.data;
  const bands = (b: Preview["bandsBefore"]) => `${formatNumber(b.high)} high, ${formatNumber(b.medium)} medium, ${formatNumber(b.low)} low risk`;
  return (
    <Stack gap="xs" mt="md" component="section" aria-label="Preview">
      <Text fw={600}>
        {p.changed.length === 0
          ? `No customer changes band (${formatNumber(p.customers)} scored today).`
          : `${formatNumber(p.changed.length)} of ${formatNumber(p.customers)} customers change band.`}
      </Text>
      <Text size="sm" c="dimmed">Now: {bands(p.bandsBefore)}. After saving: {bands(p.bandsAfter)}.</Text>
      {p.changed.length > 0 && <DataTable label="Customers that change band" columns={MOVED_COLUMNS} data={p.changed} getRowId={(m) => m.organizationId} />}
    </Stack>
  );
}
