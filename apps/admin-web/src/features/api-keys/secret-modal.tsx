import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import type { NewSecret } from "./types.ts";

/**
 * The only time a key's secret is visible: Atrium keeps a hash of it. The
 * dialog does not close on an outside click, so it is not lost by accident.
 */
export function SecretModal({ secret, onClose }: { secret: NewSecret; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title={secret.rotated ? `New secret for ${secret.name}` : `${secret.name} is ready`} size="lg" centered closeOnClickOutside={false}>
      <Stack>
        <Alert color="orange" variant="light" title="Copy the secret now: it is shown only once">
          Atrium stores only a hash of it. After you close this window nobody can see it again; if it is lost, rotate the key to
          get a new one.
        </Alert>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label="Secret"
            readOnly
            value={secret.token}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={secret.token}>
            {({ copied, copy }) => (
              <Button variant={copied ? "light" : "filled"} color={copied ? "green" : undefined} onClick={copy} aria-label="Copy the secret">
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
        </Group>
        {secret.rotated && <Text size="sm">The previous secret no longer works.</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>I have stored the secret</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
