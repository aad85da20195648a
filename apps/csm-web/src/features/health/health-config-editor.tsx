import type { AppRouter } from "@atrium/api";
import { DataTable, errorMessage, fieldError, formatDateTime, formatNumber, MutationErrorAlert, onlyFieldErrors, type DataColumn } from "@atrium/ui";
import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { RISK_COLORS, RISK_LABELS } from "./format.ts";

type Config = inferRouterOutputs<AppRouter>["staff"]["health"]["config"];
type ConfigInput = inferRouterInputs<AppRouter>["staff"]["health"]["setConfig"];
type Weights = ConfigInput["weights"];
type Preview = inferRouterOutputs<AppRouter>["staff"]["health"]["previewConfig"];
type Moved = Preview["changed"][number];

/** What the editor checks before asking the server (which checks the same again). */
export function configProblems(weights: Weights, highBelow: number, mediumBelow: number): { weights?: string; bands?: string } {
  const values = Object.values(weights);
  const total = values.reduce((a, b) => a + b, 0);
  const problems: { weights?: string; bands?: string } = {};
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 100)) problems.weights = "Each weight is a whole number of points from 0 to 100.";
  else if (total !== 100) problems.weights = `The weights add up to ${total} points; they must add up to 100.`;
  if (!Number.isInteger(highBelow) || !Number.isInteger(mediumBelow) || highBelow < 1 || mediumBelow > 100) problems.bands = "Thresholds are whole scores from 1 to 100.";
  else if (highBelow > mediumBelow) problems.bands = "The at-risk threshold must not be above the healthy threshold.";
  return problems;
}

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
  const [weights, setWeights] = useState<Weights>(config.weights);
  const [highBelow, setHighBelow] = useState(config.thresholds.high_risk_below);
  const [mediumBelow, setMediumBelow] = useState(config.thresholds.medium_risk_below);
  const [previewed, setPreviewed] = useState<ConfigInput | null>(null);
  const draft: ConfigInput = { weights, thresholds: { ...config.thresholds, high_risk_below: highBelow, medium_risk_below: mediumBelow }, rollup: config.rollup };
  const problems = configProblems(weights, highBelow, mediumBelow);
  const valid = !problems.weights && !problems.bands;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const changed = JSON.stringify(draft) !== JSON.stringify({ weights: config.weights, thresholds: config.thresholds, rollup: config.rollup });

  const preview = useQuery({ ...trpc.staff.health.previewConfig.queryOptions(previewed ?? draft), enabled: previewed !== null, staleTime: Infinity, retry: false });
  const save = useMutation(
    trpc.staff.health.setConfig.mutationOptions({
      onSuccess: async () => {
        setPreviewed(null);
        await queryClient.invalidateQueries({ queryKey: trpc.staff.health.pathKey() });
        notifications.show({ color: "green", message: "Health model saved. Scores follow at the next recompute." });
      },
    }),
  );
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreviewed(null);
  };
  const serverWeights = fieldError(save.error, "weights");

  return (
    <Paper withBorder p="md" component="section" aria-label="Weights and thresholds">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">Weights and thresholds</Title>
        <Text size="xs" c="dimmed">Last changed {formatDateTime(config.updatedAt)}</Text>
      </Group>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) save.mutate(draft);
        }}
      >
        <fieldset disabled={!canConfigure} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            {!canConfigure && <Text size="sm" c="dimmed">Only CS leads change the health model; you can read it and its backtest.</Text>}
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              {config.components.map(({ key, label }) => (
                <NumberInput
                  key={key}
                  label={label[0]!.toUpperCase() + label.slice(1)}
                  suffix=" pts"
                  min={0}
                  max={100}
                  allowDecimal={false}
                  allowNegative={false}
                  value={weights[key]}
                  onChange={edit((v: number | string) => setWeights((w) => ({ ...w, [key]: typeof v === "number" ? v : 0 })))}
                />
              ))}
            </SimpleGrid>
            <Group gap="xs" aria-live="polite">
              <Text size="sm">Total</Text>
              <Badge color={total === 100 ? "teal" : "red"} variant="light" aria-label={`Total ${total} of 100 points`}>{formatNumber(total)} / 100 pts</Badge>
            </Group>
            {(problems.weights ?? serverWeights) && <Text size="sm" c="red" role="alert">{problems.weights ?? serverWeights}</Text>}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <NumberInput
                label="At risk below"
                description="Scores under this are high risk"
                min={1}
                max={100}
                allowDecimal={false}
                value={highBelow}
                onChange={edit((v: number | string) => setHighBelow(typeof v === "number" ? v : 0))}
                error={problems.bands ? true : fieldError(save.error, "thresholds.high_risk_below")}
              />
              <NumberInput
                label="Healthy from"
                description="Scores from this up are low risk; between the two, medium"
                min={1}
                max={100}
                allowDecimal={false}
                value={mediumBelow}
                onChange={edit((v: number | string) => setMediumBelow(typeof v === "number" ? v : 0))}
                error={problems.bands ?? fieldError(save.error, "thresholds.medium_risk_below")}
              />
            </SimpleGrid>
            {!onlyFieldErrors(save.error, ["weights", "thresholds.high_risk_below", "thresholds.medium_risk_below"]) && <MutationErrorAlert error={save.error} />}
            {canConfigure && (
              <Group justify="flex-end">
                <Button variant="default" disabled={!valid || !changed} loading={preview.isFetching} onClick={() => setPreviewed(draft)}>Preview</Button>
                <Button type="submit" disabled={!valid || !changed} loading={save.isPending}>Save health model</Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
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
