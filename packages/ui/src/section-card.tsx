import { Group, Paper, Stack, Text, Title, type MantineSpacing } from "@mantine/core";
import type { ReactNode } from "react";

export interface SectionCardProps {
  /** The card's h2 ("Legal holds"), also its region's name for assistive technology unless `label` is given. */
  title: string;
  /** The region's name when it should differ from the title. */
  label?: string;
  /** A dimmed sentence or two under the title: what the card holds or does. */
  description?: ReactNode;
  /** The card's own actions ("Place legal hold"), on the right of the title. */
  actions?: ReactNode;
  /** Space between the head and what follows; `md` unless the card is dense. */
  gap?: MantineSpacing;
  children?: ReactNode;
}

/**
 * One titled card of a console page: a bordered, named region whose h2 sits under the page's
 * PageHeader, with what it is for and its actions in one place, so the cards of every page keep
 * one heading level, size and spacing.
 */
export function SectionCard({ title, label, description, actions, gap = "md", children }: SectionCardProps) {
  const heading = (
    <div>
      <Title order={2} size="h4">{title}</Title>
      {description !== undefined && <Text size="sm" c="dimmed">{description}</Text>}
    </div>
  );
  return (
    <Paper withBorder p="lg" component="section" aria-label={label ?? title}>
      <Stack gap={gap}>
        {actions === undefined ? (
          heading
        ) : (
          <Group justify="space-between" align="flex-start">
            {heading}
            {actions}
          </Group>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
