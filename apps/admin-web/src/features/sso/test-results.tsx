import { formatDateTime } from "@atrium/ui";
import { Alert, Code, Stack, Text } from "@mantine/core";

interface Result {
  id: string;
  ok: boolean;
  error: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
}

/** The latest test sign-ins: what the IdP sent (and how it maps), or the exact error. */
export function TestResults({ results, highlight }: { results: Result[]; highlight: string | null }) {
  if (results.length === 0) return <Text size="sm" c="dimmed">No test yet.</Text>;
  const shown = results.find((r) => r.id === highlight) ?? results[0]!;
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
      {Object.keys(shown.attributes).length > 0 && (
        <Code block aria-label="Received attributes">{JSON.stringify(shown.attributes, null, 2)}</Code>
      )}
      <Text size="xs" c="dimmed">Tested {formatDateTime(shown.createdAt)} · {results.length} recent test{results.length === 1 ? "" : "s"}</Text>
    </Stack>
  );
}
