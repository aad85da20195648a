import { chartDefaults, errorMessage } from "@atrium/ui";
import { BarChart } from "@mantine/charts";
import { Alert, Badge, Grid, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { toApiFilter, type TAuditSearch } from "./search.ts";

const SERIES = [
  { name: "success", label: "Success", color: "green.6" },
  { name: "denied", label: "Denied", color: "orange.6" },
  { name: "error", label: "Error", color: "red.6" },
];

/** Events per day by outcome, and the most frequent actions, for the current filter. */
export function ActivityChart({ orgId, search, onPickAction }: { orgId: string; search: TAuditSearch; onPickAction(action: string): void }) {
  const stats = useQuery({ ...trpc.audit.events.stats.queryOptions({ orgId, ...toApiFilter(search) }), placeholderData: keepPreviousData });
  if (stats.isPending) return <Skeleton h={220} aria-label="Loading activity" />;
  if (stats.isError) return <Alert color="red" role="alert" title="Could not load activity">{errorMessage(stats.error)}</Alert>;

  const { byDay, byAction } = stats.data;
  const top = [...byAction].sort((a, b) => b.count - a.count).slice(0, 6);
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder p="md" component="section" aria-label="Activity per day">
          <Title order={2} size="h5" mb="sm">Activity per day</Title>
          {byDay.length === 0 ? (
            <Text c="dimmed" size="sm">No events in this range.</Text>
          ) : (
            <BarChart
              h={180}
              data={byDay}
              dataKey="day"
              type="stacked"
              series={SERIES}
              {...chartDefaults({ data: byDay, series: SERIES, stacked: true, integer: true })}
              tickLine="none"
              gridAxis="y"
              maxBarWidth={48}
            />
          )}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="md" h="100%" component="section" aria-label="Top actions">
          <Title order={2} size="h5" mb="sm">Top actions</Title>
          {top.length === 0 && <Text c="dimmed" size="sm">Nothing yet.</Text>}
          <Stack gap={6}>
            {top.map(({ action, count }) => (
              <UnstyledButton key={action} onClick={() => onPickAction(action)}>
                <VisuallyHidden>Filter by </VisuallyHidden>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" ff="monospace" truncate>{action}</Text>
                  <Badge variant="light" color="gray">{count}<VisuallyHidden> events</VisuallyHidden></Badge>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
