import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * The only time a secret is visible (Atrium keeps a hash of it): a read-only
 * field, a copy button, and a dialog that does not close on an outside click,
 * so the secret is not lost by accident. `ifLost` ends "if it is lost, …":
 * what the person does then ("create a new one", "rotate the key to get a new one").
 */
export function SecretModal({
  title,
  secret,
  note,
  revealable = false,
  ifLost = "create a new one",
  onClose,
}: {
  title: string;
  secret: string;
  note?: ReactNode;
  revealable?: boolean;
  ifLost?: string;
  onClose(): void;
}) {
  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered closeOnClickOutside={false}>
      <Stack>
        {revealable ? (
          <Alert color="orange" variant="light" title="Copy the secret now">
            Atrium keeps it encrypted to sign with it. Only a super admin can reveal it again, and each reveal is recorded in the audit log.
          </Alert>
        ) : (
          <Alert color="orange" variant="light" title="Copy the secret now: it is shown only once">
            Atrium stores only a hash of it. After you close this window nobody can see it again; if it is lost, {ifLost}.
          </Alert>
        )}
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label="Secret"
            readOnly
            value={secret}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant={copied ? "light" : "filled"} color={copied ? "green" : undefined} onClick={copy} aria-label="Copy the secret">
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
        </Group>
        {note && <Text size="sm">{note}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>I have stored the secret</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
