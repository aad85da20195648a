import { FEATURES, type Feature } from "@atrium/rbac";
import { PLAN_COLORS, PLAN_LABELS } from "@atrium/ui";
import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import type { FeatureRow } from "./types.ts";

const featureName = (feature: string) => FEATURES[feature as Feature] ?? feature;
const sentence = (reason: string) => reason.charAt(0).toUpperCase() + reason.slice(1);

/** Every gated feature: on or off here, the cheapest plan that includes it, and why it is as it is. */
export function FeaturesTable({ features }: { features: FeatureRow[] }) {
  return (
    <Paper withBorder component="section" aria-label="Features">
      <Title order={2} size="h4" p="md" pb={0}>Features</Title>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table verticalSpacing="sm" aria-label="Features of this plan">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feature</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Included from</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {features.map((f) => (
              <Table.Tr key={f.feature}>
                <Table.Td><Text size="sm" fw={500}>{featureName(f.feature)}</Text></Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={f.enabled ? "green" : "gray"}>{f.enabled ? "On" : "Off"}</Badge>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={PLAN_COLORS[f.includedFrom]}>{PLAN_LABELS[f.includedFrom]}</Badge>
                </Table.Td>
                <Table.Td><Text size="sm" c={f.enabled ? undefined : "dimmed"}>{sentence(f.reason)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
