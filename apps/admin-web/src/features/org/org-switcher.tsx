import { Select } from "@mantine/core";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useCurrentSection } from "./sections.ts";
import type { MyOrganization } from "./types.ts";

/**
 * Picks the organization the admin works in; children are indented under
 * their parents. Switching keeps the section (members, roles, …) in view.
 */
export function OrgSwitcher({ orgs }: { orgs: MyOrganization[] }) {
  const navigate = useNavigate();
  const params = useParams({ strict: false });
  const section = useCurrentSection();
  return (
    <Select
      aria-label="Organization"
      placeholder="Choose an organization"
      w={{ base: 170, sm: 280 }}
      searchable
      allowDeselect={false}
      value={params.orgId ?? null}
      data={orgs.map((o) => ({ value: o.id, label: `${"  ".repeat(o.depth - 1)}${o.name}` }))}
      onChange={(orgId) => orgId && navigate({ to: section?.to ?? "/orgs/$orgId", params: { orgId }, search: {} })}
    />
  );
}
