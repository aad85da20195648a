import { FilterSelect, useFilterText } from "@atrium/ui";
import { Group, TextInput } from "@mantine/core";
import { useRoleOptions } from "../roles/use-role-options.ts";
import type { TMemberSearch } from "./search.ts";

const STATUS_OPTIONS = { active: "Active", deactivated: "Deactivated" } as const;

/** Search by name or e-mail, filter by role and status. */
export function MemberFilters({
  orgId,
  search,
  onChange,
}: {
  orgId: string;
  search: TMemberSearch;
  onChange(patch: Partial<TMemberSearch>): void;
}) {
  const roleOptions = useRoleOptions(orgId, { forAssigning: false });
  const text = useFilterText(search.q, (q) => onChange({ q }));

  return (
    <Group gap="sm">
      <TextInput
        aria-label="Search members"
        placeholder="Search by name or e-mail"
        w={280}
        {...text.inputProps}
      />
      <FilterSelect label="Filter by role" placeholder="All roles" w={200} value={search.role} options={roleOptions} onChange={(role) => onChange({ role })} />
      <FilterSelect label="Filter by status" placeholder="Any status" w={170} value={search.status} options={STATUS_OPTIONS} onChange={(status) => onChange({ status })} />
    </Group>
  );
}
