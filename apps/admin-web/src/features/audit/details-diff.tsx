import { DataTable, KeyValueTree, sameValue, type DataColumn } from "@atrium/ui";
import { Text } from "@mantine/core";

type Json = Record<string, unknown>;
type DiffRow = { key: string; before: unknown; after: unknown; changed: boolean };

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `details.before` and `details.after` when both are objects. */
export function beforeAfter(details: Json): { before: Json; after: Json } | null {
  const { before, after } = details;
  return isObject(before) && isObject(after) ? { before, after } : null;
}

/** A value in full, as fields: nested values indent inside the cell rather than widening the table. */
const valueCell = (side: "before" | "after", title: string) => (row: DiffRow) => <KeyValueTree value={row[side]} label={`${row.key} ${title.toLowerCase()}`} />;

const COLUMNS: DataColumn<DiffRow>[] = [
  {
    id: "field",
    header: "Field",
    width: "24%",
    cell: (row) => (
      <div>
        <Text size="sm" ff="monospace" fw={row.changed ? 700 : 400} truncate="end" title={row.key}>{row.key}</Text>
        {row.changed && <Text size="xs" fw={600}>changed</Text>}
      </div>
    ),
  },
  { id: "before", header: "Before", cell: valueCell("before", "Before") },
  { id: "after", header: "After", cell: valueCell("after", "After") },
];

/** Every key of either side, the changed ones highlighted; a key one side lacks reads "Not present". */
export function DetailsDiff({ before, after }: { before: Json; after: Json }) {
  const rows: DiffRow[] = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((key) => ({
    key,
    before: before[key],
    after: after[key],
    changed: !sameValue(before[key], after[key]),
  }));
  return <DataTable label="Changes" columns={COLUMNS} data={rows} getRowId={(row) => row.key} rowTone={(row) => (row.changed ? "warning" : undefined)} empty="No fields." />;
}
