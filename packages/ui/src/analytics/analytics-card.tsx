import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * The frame of one card of the analytics page: a section named by its title, an optional
 * one-line description, and the page's controls (pin, hide, move) at the top right. Cards are
 * presentational: they take their figures as props, so the admin console and the CSM portal
 * draw the same figures the same way.
 */
export function AnalyticsCard({ title, description, controls, children }: { title: string; description?: ReactNode; controls?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h4">{title}</Title>
            {description && <Text size="sm" c="dimmed">{description}</Text>}
          </div>
          {controls}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
