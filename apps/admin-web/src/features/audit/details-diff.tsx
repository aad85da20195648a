import { DataTable, type DataColumn } from "@atrium/ui";
import { Code, Text } from "@mantine/core";

type Json = Record<string, unknown>;
type DiffRow = { key: string; before: string; after: string; changed: boolean };

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `details.before` and `details.after` when both are objects. */
export function beforeAfter(details: Json): { before: Json; after: Json } | null {
  const { before, after } = details;
  return isObject(before) && isObject(after) ? { before, after } : null;
}

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v, null, 2));
/** A value in full: JSON wraps inside its block rather than widening the table. */
const valueCell = (pick: (row: DiffRow) => string) => (row: DiffRow) => (
  <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
    {pick(row)}
  </Code>
);

const COLUMNS: DataColumn<DiffRow>[] = [
  {
    id: "field",
    header: "Field",
    width: "24%",
    cell: (row) => (
      <div>
        <Text size="sm" ff="monospace" fw={row.changed ? 700 : 400} truncate="end" title={row.key}>{row.key}</Text>
        {row.changed && <Text size="xs" c="yellow.9">changed</Text>}
      </div>
    ),
  },
  { id: "before", header: "Before", cell: valueCell((row) => row.before) },
  { id: "after", header: "After", cell: valueCell((row) => row.after) },
];

/** Every key of either side, the changed ones highlighted. */
export function DetailsDiff({ before, after }: { before: Json; after: Json }) {
  const rows: DiffRow[] = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((key) => {
    const b = show(before[key]);
    const a = show(after[key]);
    return { key, before: b, after: a, changed: b !== a };
  });
  return <DataTable label="Changes" columns={COLUMNS} data={rows} getRowId={(row) => row.key} rowTone={(row) => (row.changed ? "warning" : undefined)} empty="No fields." />;
}
