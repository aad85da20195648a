import { Group, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export interface PageHeaderProps {
  /** The page's one h1 ("Audit log"); the name a reader and a test find the page by. */
  title: ReactNode;
  /** One or two dimmed sentences under the title: what the page is for. */
  description?: ReactNode;
  /** The page's own actions ("Invite people"), aligned with the description on the right. */
  actions?: ReactNode;
}

/**
 * The head of a console page: its h1 and what the page is for, with the page's
 * actions on the right when it has any. Every page of both consoles opens with
 * it, so headings keep one level and one size everywhere.
 */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  const heading = (
    <div>
      <Title order={1} size="h2">{title}</Title>
      {description !== undefined && <Text c="dimmed">{description}</Text>}
    </div>
  );
  if (actions === undefined) return heading;
  return (
    <Group justify="space-between" align="flex-end">
      {heading}
      {actions}
    </Group>
  );
}
