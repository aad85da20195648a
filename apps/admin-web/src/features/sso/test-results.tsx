import { DataTable, formatDateTime, formatNumber, type DataColumn } from "@atrium/ui";
import { Alert, Group, Stack, Text } from "@mantine/core";

interface Result {
  id: string;
  ok: boolean;
  error: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
}

type Row = { name: string; value: string };

const COLUMNS: DataColumn<Row>[] = [
  { id: "name", header: "Attribute", width: "35%", value: (r) => r.name },
  { id: "value", header: "Value", value: (r) => r.value },
];

const MAPPED_LABELS: Record<string, string> = { email: "E-mail", name: "Name", department: "Department", title: "Title", groups: "Groups" };

/** A received value as text: lists joined, nested values by their own names, never as JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(text).join(", ") : "none";
  if (typeof value === "object") return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${text(v)}`).join("; ");
  return String(value);
}

const rows = (values: unknown, labels: Record<string, string> = {}): Row[] =>
  values && typeof values === "object" ? Object.entries(values as Record<string, unknown>).map(([name, value]) => ({ name: labels[name] ?? name, value: text(value) })) : [];

/** The latest test sign-ins: what the IdP sent (and how it maps), or the exact error. */
export function TestResults({ results, highlight }: { results: Result[]; highlight: string | null }) {
  if (results.length === 0) return <Text size="sm" c="dimmed">No test yet.</Text>;
  const shown = results.find((r) => r.id === highlight) ?? results[0]!;
  const a = shown.attributes;
  const received = rows(a["received"]);
  const mapped = rows(a["mapped"], MAPPED_LABELS);
  return (
    <Stack gap="xs" aria-label="Test result" role="region">
      {shown.ok ? (
        <Alert color="green" title="Test passed">
          The IdP signed you in. These are the attributes it sent and how Atrium reads them.
        </Alert>
      ) : (
        <Alert color="red" title="Test failed">
          <Text size="sm">{shown.error}</Text>
        </Alert>
      )}
      {"subject" in a && (
        <Group gap="lg">
          <Text size="sm"><b>Subject:</b> {text(a["subject"])}</Text>
          {"linked" in a && <Text size="sm"><b>Linked to an account:</b> {a["linked"] ? "yes" : "not yet"}</Text>}
          {"role" in a && <Text size="sm"><b>Role from:</b> {text(a["role"])}</Text>}
        </Group>
      )}
      {mapped.length > 0 && <DataTable label="How Atrium reads them" columns={COLUMNS} data={mapped} getRowId={(r) => r.name} />}
      {received.length > 0 && <DataTable label="Received attributes" columns={COLUMNS} data={received} getRowId={(r) => r.name} />}
      <Text size="xs" c="dimmed">Tested {formatDateTime(shown.createdAt)} · {formatNumber(results.length)} recent test{results.length === 1 ? "" : "s"}</Text>
    </Stack>
  );
}
