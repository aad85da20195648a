import { FEATURES, type Feature } from "@atrium/rbac";
import { DataTable, PLAN_COLORS, PLAN_LABELS, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Paper, Title } from "@mantine/core";
import type { FeatureRow } from "./types.ts";

const featureName = (feature: string) => FEATURES[feature as Feature] ?? feature;
const sentence = (reason: string) => reason.charAt(0).toUpperCase() + reason.slice(1);

const COLUMNS: DataColumn<FeatureRow>[] = [
  { id: "feature", header: "Feature", width: "28%", cell: (f) => <TruncatedText text={featureName(f.feature)} fw={500} /> },
  { id: "status", header: "Status", width: "12%", cell: (f) => <Badge variant="dot" color={f.enabled ? "green" : "gray"}>{f.enabled ? "On" : "Off"}</Badge> },
  {
    id: "from",
    header: "Included from",
    width: "16%",
    cell: (f) => <Badge variant="light" color={PLAN_COLORS[f.includedFrom]}>{PLAN_LABELS[f.includedFrom]}</Badge>,
  },
  { id: "why", header: "Why", cell: (f) => <TruncatedText text={sentence(f.reason)} c={f.enabled ? undefined : "dimmed"} /> },
];

/** Every gated feature: on or off here, the cheapest plan that includes it, and why it is as it is. */
export function FeaturesTable({ features }: { features: FeatureRow[] }) {
  return (
    <Paper withBorder component="section" aria-label="Features">
      <Title order={2} size="h4" p="md" pb={0}>Features</Title>
      <DataTable label="Features of this plan" columns={COLUMNS} data={features} getRowId={(f) => f.feature} empty="No gated features." />
    </Paper>
  );
}
