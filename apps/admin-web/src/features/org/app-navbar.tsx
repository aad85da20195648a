import { Skeleton, Stack } from "@mantine/core";
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
  return (
    <Stack gap={4}>
      {SECTIONS.filter((s) => s.permission === null || access.can(s.permission)).map((section) => (
        <RouterNavLink
          key={section.to}
          to={section.to}
          params={{ orgId }}
          label={section.label}
          active={current?.to === section.to}
          activeOptions={{ exact: section.to === "/orgs/$orgId", includeSearch: false }}
          onClick={onNavigate}
          style={{ borderRadius: "var(--mantine-radius-md)" }}
        />
      ))}
    </Stack>
  );
}
