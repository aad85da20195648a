import { useFilterText } from "@atrium/ui";
import { Button, Group, MultiSelect, Select, Stack, Text, TextInput } from "@mantine/core";
import { useActionOptions } from "./action-options.ts";
import type { TAuditSearch, TAuditStatus } from "./search.ts";

const STATUS_OPTIONS = [
  { value: "success", label: "Success" },
  { value: "denied", label: "Denied" },
  { value: "error", label: "Error" },
];

/** Actor, actions, status, date range and free text; every change goes to the URL. */
export function AuditFilters({
  orgId,
  search,
  onChange,
  onClear,
}: {
  orgId: string;
  search: TAuditSearch;
  onChange(patch: Partial<TAuditSearch>): void;
  onClear(): void;
}) {
  const { groups, descriptions } = useActionOptions(orgId);
  const actor = useFilterText(search.actor, (value) => onChange({ actor: value }));
  const q = useFilterText(search.q, (value) => onChange({ q: value }));
  const filtered = Object.values(search).some((v) => v !== undefined);

  return (
    <Stack gap="xs" role="search" aria-label="Filter audit events">
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Actor"
          placeholder="Name, e-mail or id"
          w={200}
          {...actor.inputProps}
        />
        <MultiSelect
          label="Actions"
          placeholder={search.actions?.length ? undefined : "All actions"}
          searchable
          clearable
          w={320}
          maxDropdownHeight={320}
          data={groups}
          value={search.actions ?? []}
          onChange={(actions) => onChange({ actions: actions.length ? actions : undefined })}
          renderOption={({ option }) => (
            <div>
              <Text size="sm" ff="monospace">{option.label}</Text>
              <Text size="xs" c="dimmed">{descriptions.get(option.value)}</Text>
            </div>
          )}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          w={140}
          data={STATUS_OPTIONS}
          value={search.status ?? null}
          onChange={(status) => onChange({ status: (status ?? undefined) as TAuditStatus | undefined })}
        />
        <TextInput
          type="date"
          label="From"
          w={160}
          value={search.from ?? ""}
          max={search.to}
          onChange={(e) => onChange({ from: e.currentTarget.value || undefined })}
        />
        <TextInput
          type="date"
          label="To"
          w={160}
          value={search.to ?? ""}
          min={search.from}
          onChange={(e) => onChange({ to: e.currentTarget.value || undefined })}
        />
        <TextInput
          label="Search details"
          placeholder="Text in details or resource id"
          w={220}
          {...q.inputProps}
        />
        <Button
          variant="default"
          disabled={!filtered && !actor.text && !q.text}
          onClick={() => {
            actor.clear();
            q.clear();
            onClear();
          }}
        >
          Clear
        </Button>
      </Group>
    </Stack>
  );
}
