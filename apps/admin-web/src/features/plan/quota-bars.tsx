import { formatNumber } from "@atrium/ui";
import { QUOTAS, type Quota } from "@atrium/rbac";
import { Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { QuotaRow } from "./types.ts";

const STATUS_COLOR = { ok: undefined, warn: "orange", full: "red" } as const;

function describe(q: QuotaRow): { amount: string; note: string | null } {
  if (q.limit === null) return { amount: `${formatNumber(q.used)} used`, note: "Unlimited on this plan" };
  if (q.limit === 0) return { amount: `${formatNumber(q.used)} used`, note: "Not included in this plan" };
  const amount = `${formatNumber(q.used)} of ${formatNumber(q.limit)}`;
  if (q.status === "full") return { amount, note: "Full: adding more is refused until you upgrade or remove some." };
  if (q.status === "warn") return { amount, note: `Nearly full: warnings start at ${formatNumber(q.softLimit)}.` };
  return { amount, note: null };
}

/** Use of each limited quota as a bar: orange past the soft limit (80 %), red when full. */
export function QuotaBars({ quotas }: { quotas: QuotaRow[] }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Quotas">
      <Stack gap="md">
        <Title order={2} size="h4">Quotas</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          {quotas.map((q) => {
            const label = QUOTAS[q.quota as Quota] ?? q.quota;
            const { amount, note } = describe(q);
            const percent = q.limit ? Math.min(100, (q.used / q.limit) * 100) : 0;
            const color = q.limit ? STATUS_COLOR[q.status] : undefined;
            return (
              <Stack key={q.quota} gap={4}>
                <Group justify="space-between">
                  <Text size="sm" fw={600}>{label}</Text>
                  <Text size="sm" c={color === "red" ? "red.8" : color === "orange" ? "orange.9" : undefined}>{amount}</Text>
                </Group>
                {q.limit ? <Progress value={percent} color={color} size="lg" aria-label={`${label}: ${amount}`} /> : null}
                {note && <Text size="xs" c="dimmed">{note}</Text>}
              </Stack>
            );
          })}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
