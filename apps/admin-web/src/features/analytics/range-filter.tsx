import { Group, SegmentedControl, Switch, TextInput } from "@mantine/core";
import type { TAnalyticsSearch } from "./search.ts";

/** Preset ranges, custom days, comparison and subtree: every change goes to the URL. */
export function RangeFilter({ search, onSearch, range }: { search: TAnalyticsSearch; onSearch(patch: Partial<TAnalyticsSearch>): void; range: { from: string; to: string } }) {
  return (
    <Group align="flex-end" gap="md">
      <SegmentedControl
        aria-label="Date range"
        data={[
          { value: "7d", label: "7 days" },
          { value: "30d", label: "30 days" },
          { value: "90d", label: "90 days" },
          { value: "custom", label: "Custom" },
        ]}
        value={search.range}
        onChange={(v) => onSearch(v === "custom" ? { range: "custom", from: range.from, to: range.to } : { range: v as TAnalyticsSearch["range"], from: undefined, to: undefined })}
      />
      {search.range === "custom" && (
        <>
          <TextInput type="date" label="From" value={search.from ?? range.from} max={search.to ?? range.to} onChange={(e) => e.currentTarget.value && onSearch({ from: e.currentTarget.value })} w={170} />
          <TextInput type="date" label="To" value={search.to ?? range.to} min={search.from ?? range.from} onChange={(e) => e.currentTarget.value && onSearch({ to: e.currentTarget.value })} w={170} />
        </>
      )}
      <Switch label="Compare with the previous period" checked={search.compare} onChange={(e) => onSearch({ compare: e.currentTarget.checked })} />
      <Switch label="Include child organizations" checked={search.subtree} onChange={(e) => onSearch({ subtree: e.currentTarget.checked })} />
    </Group>
  );
}
