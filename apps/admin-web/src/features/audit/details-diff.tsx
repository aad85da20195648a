import { Code, Table, Text } from "@mantine/core";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `details.before` and `details.after` when both are objects. */
export function beforeAfter(details: Json): { before: Json; after: Json } | null {
  const { before, after } = details;
  return isObject(before) && isObject(after) ? { before, after } : null;
}

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v, null, 2));

/** Every key of either side, the changed ones highlighted. */
export function DetailsDiff({ before, after }: { before: Json; after: Json }) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return (
    <Table withTableBorder withColumnBorders aria-label="Changes" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="24%">Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((key) => {
          const changed = show(before[key]) !== show(after[key]);
          return (
            <Table.Tr key={key} bg={changed ? "var(--mantine-color-yellow-light)" : undefined} data-changed={changed || undefined}>
              <Table.Td>
                <Text size="sm" ff="monospace" fw={changed ? 700 : 400}>{key}</Text>
                {changed && <Text size="xs" c="yellow.9">changed</Text>}
              </Table.Td>
              <Table.Td><Code block>{show(before[key])}</Code></Table.Td>
              <Table.Td><Code block>{show(after[key])}</Code></Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
