import { Select } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useCurrentSection } from "./sections.ts";
import type { MyOrganization } from "./types.ts";

/**
 * Picks the organization the admin works in; children are indented under
 * their parents. Switching keeps the section (members, roles, …) in view.
 */
export function OrgSwitcher({ orgs, value }: { orgs: MyOrganization[]; value: string | undefined }) {
  const navigate = useNavigate();
  const section = useCurrentSection();
  return (
    <Select
      aria-label="Organization"
      placeholder="Choose an organization"
      w={{ base: 170, sm: 280 }}
      searchable
      allowDeselect={false}
      value={value ?? null}
      data={orgs.map((o) => ({ value: o.id, label: `${"  ".repeat(o.depth - 1)}${o.name}` }))}
      onChange={(orgId) => orgId && navigate({ to: section?.to ?? "/orgs/$orgId", params: { orgId }, search: {} })}
    />
  );
}
