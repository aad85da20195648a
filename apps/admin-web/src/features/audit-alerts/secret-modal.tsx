import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from "@mantine/core";

/** A signing secret, shown once: copy it now, it cannot be displayed again. */
export function SecretModal({ secret, onClose }: { secret: string; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title="Webhook signing secret" centered size="lg">
      <Stack>
        <Alert color="yellow" variant="light">Copy this secret now. It is stored encrypted and will not be shown again.</Alert>
        <Code block aria-label="Signing secret">{secret}</Code>
        <Text size="sm" c="dimmed">
          Each request carries <Code>Atrium-Signature: t=&lt;unix time&gt;,v1=&lt;hex&gt;</Code>, the HMAC-SHA256 of
          <Code>{"<t>.<raw body>"}</Code> with this secret. Compare in constant time and refuse old timestamps.
        </Text>
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? "Copied" : "Copy secret"}</Button>}
          </CopyButton>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
