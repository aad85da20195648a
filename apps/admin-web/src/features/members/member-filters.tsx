import { Group, Select, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useState } from "react";
import { useRoleOptions } from "../roles/use-role-options.ts";
import type { TMemberSearch } from "./search.ts";

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
];

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
  const [text, setText] = useState(search.q ?? "");
  const commitText = useDebouncedCallback((value: string) => onChange({ q: value.trim() || undefined }), 300);

  return (
    <Group gap="sm">
      <TextInput
        aria-label="Search members"
        placeholder="Search by name or e-mail"
        w={280}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          commitText(e.currentTarget.value);
        }}
      />
      <Select
        aria-label="Filter by role"
        placeholder="All roles"
        clearable
        w={200}
        value={search.role ?? null}
        data={roleOptions}
        onChange={(role) => onChange({ role: (role ?? undefined) as TMemberSearch["role"] })}
      />
      <Select
        aria-label="Filter by status"
        placeholder="Any status"
        clearable
        w={170}
        value={search.status ?? null}
        data={STATUS_OPTIONS}
        onChange={(status) => onChange({ status: (status ?? undefined) as TMemberSearch["status"] })}
      />
    </Group>
  );
}
