import { formatNumber, formatPercent, QueryView } from "@atrium/ui";
import { LineChart } from "@mantine/charts";
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

const LEADS = ["30", "60", "90", "180"] as const;

/** How an AUC reads to a person (0.5 is a coin toss). */
export function aucVerdict(auc: number | null): string {
  if (auc === null) return "Needs both renewals and churns in the history.";
  if (auc >= 0.8) return "Strong: the score separates renewals from churns well.";
  if (auc >= 0.7) return "Useful: the score mostly ranks renewals above churns.";
  if (auc > 0.55) return "Weak: only a little better than chance.";
  return "No better than chance: revisit the weights.";
}

/**
 * The backtest: the health score as it stood some days before each past renewal, against what
 * happened. AUC in one figure; calibration as a chart of the renewal rate the score implies per
 * score band against the rate that happened (a well-calibrated score keeps the lines together).
 */
export function BacktestCard() {
  const [lead, setLead] = useState<(typeof LEADS)[number]>("90");
  const result = useQuery(trpc.staff.health.backtest.queryOptions({ leadDays: Number(lead) }));
  return (
    <Paper withBorder p="md" component="section" aria-label="Backtest">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} size="h4">Backtest</Title>
          <Text size="sm" c="dimmed">The score before each past renewal, against whether the customer renewed.</Text>
        </div>
        <SegmentedControl aria-label="Score taken before the renewal" value={lead} onChange={(v) => setLead(v as typeof lead)} data={LEADS.map((d) => ({ value: d, label: `${d} days before` }))} />
      </Group>
      <QueryView query={result} label="the backtest">
        {(b) => {
          const chart = b.calibration.map((row) => ({
            band: row.band,
            expected: row.expectedRenewalRate === null ? null : Math.round(row.expectedRenewalRate * 1000) / 10,
            actual: row.actualRenewalRate === null ? null : Math.round(row.actualRenewalRate * 1000) / 10,
            customers: row.customers,
          }));
          return (
            <Stack gap="md">
              <SimpleGrid cols={{ base: 2, md: 4 }}>
                <Figure label="AUC" value={b.auc === null ? "—" : formatNumber(Math.round(b.auc * 100) / 100)} hint={aucVerdict(b.auc)} />
                <Figure label="Renewals scored" value={formatNumber(b.samples)} hint={`${formatNumber(b.renewed)} renewed, ${formatNumber(b.churned)} churned`} />
                <Figure label="Churn rate" value={b.samples ? formatPercent(b.churned / b.samples) : "—"} hint="Among the renewals scored" />
                <Figure label="Left out" value={formatNumber(b.unscored)} hint={`No score ${b.leadDays} days before the renewal`} />
              </SimpleGrid>
              {b.samples === 0 ? (
                <Text c="dimmed" size="sm">No renewal outcome has a score from {b.leadDays} days before it yet.</Text>
              ) : (
                <div>
                  <Title order={3} size="h5" mb="xs">Calibration: renewal rate per score band</Title>
                  <LineChart
                    h={260}
                    data={chart}
                    dataKey="band"
                    series={[
                      { name: "expected", label: "Implied by the score", color: "gray.6", strokeDasharray: "5 5" },
                      { name: "actual", label: "Renewed", color: "atrium.6" },
                    ]}
                    connectNulls
                    withLegend
                    legendProps={{ verticalAlign: "bottom" }}
                    yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100] }}
                    unit="%"
                    xAxisLabel="Health score band"
                    yAxisLabel="Renewal rate"
                    aria-label="Calibration chart: renewal rate implied by the score and renewal rate observed, per score band"
                  />
                </div>
              )}
            </Stack>
          );
        }}
      </QueryView>
    </Paper>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="sm" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={28} fw={700}>{value}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Paper>
  );
}
