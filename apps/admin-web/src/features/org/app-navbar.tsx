import { ScrollArea, Skeleton, Stack, Text } from "@mantine/core";
import { Fragment } from "react";
import { RouterNavLink } from "../../lib/router-links.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { SECTIONS, useCurrentSection } from "./sections.ts";

/** Links to the organization's sections the user may read. */
export function AppNavbar({ orgId, onNavigate }: { orgId: string; onNavigate(): void }) {
  const access = useMyAccess(orgId);
  const current = useCurrentSection();
  if (access.isPending) {
    return (
      <Stack gap="xs" aria-busy>
        {SECTIONS.map((s) => <Skeleton key={s.to} h={36} />)}
      </Stack>
    );
  }
  const visible = SECTIONS.filter((s) => s.permission === null || access.can(s.permission));
  // Grouped, and scrollable when the window is shorter than the list.
  return (
    <ScrollArea h="100%" type="auto" offsetScrollbars>
      <Stack gap={2}>
        {visible.map((section, i) => (
          <Fragment key={section.to}>
            {section.group !== visible[i - 1]?.group && (
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={i === 0 ? 0 : "sm"} px="sm" aria-hidden>
                {section.group}
              </Text>
            )}
            <RouterNavLink
              to={section.to}
              params={{ orgId }}
              label={section.label}
              active={current?.to === section.to}
              activeOptions={{ exact: section.to === "/orgs/$orgId", includeSearch: false }}
              onClick={onNavigate}
              style={{ borderRadius: "var(--mantine-radius-md)" }}
            />
          </Fragment>
        ))}
      </Stack>
    </ScrollArea>
  );
}
