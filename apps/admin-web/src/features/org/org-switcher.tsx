import { Select } from "@mantine/core";
import { useNavigate, useParams } from "@tanstack/react-router";
import type { MyOrganization } from "./types.ts";

/** Picks the organization the admin works in; children are indented under their parents. */
export function OrgSwitcher({ orgs }: { orgs: MyOrganization[] }) {
  const navigate = useNavigate();
  const params = useParams({ strict: false });
  return (
    <Select
      aria-label="Organization"
      placeholder="Choose an organization"
      w={280}
      searchable
      allowDeselect={false}
      value={params.orgId ?? null}
      data={orgs.map((o) => ({ value: o.id, label: `${"  ".repeat(o.depth - 1)}${o.name}` }))}
      onChange={(orgId) => orgId && navigate({ to: "/orgs/$orgId", params: { orgId }, search: {} })}
    />
  );
}
