import { Alert, Button, Code, Group, SimpleGrid, Stack, Text } from "@mantine/core";

/** Recovery codes, shown once: listed, and downloadable as a text file. */
export function RecoveryCodes({ codes, onDone, doneLabel = "I have saved my codes" }: { codes: string[]; onDone(): void; doneLabel?: string }) {
  function download() {
    const text = ["Atrium recovery codes — each works once.", "", ...codes, ""].join("\n");
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "atrium-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Stack gap="md" aria-label="Recovery codes" component="section">
      <Alert color="yellow" title="Save your recovery codes">
        Each code signs you in once if you lose your authenticator. They are shown only now.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" role="list" aria-label="Recovery code list">
        {codes.map((code) => (
          <Code key={code} role="listitem" fz="md" ta="center">{code}</Code>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">Keep them somewhere safe, like a password manager.</Text>
      <Group>
        <Button variant="default" onClick={download}>Download codes</Button>
        <Button onClick={onDone}>{doneLabel}</Button>
      </Group>
    </Stack>
  );
}
