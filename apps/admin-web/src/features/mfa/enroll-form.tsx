import { errorMessage } from "@atrium/ui";
import { Alert, Button, Code, Group, Stack, Text, TextInput } from "@mantine/core";
import { QRCodeSVG } from "qrcode.react";
import { useState, type FormEvent } from "react";

export interface Enrollment {
  uri: string;
  manualKey: string;
}

/** Scan the QR code (or type the key), then confirm with the app's current code. */
export function EnrollForm({ enrollment, onConfirm }: { enrollment: Enrollment; onConfirm(code: string): Promise<void> }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onConfirm(code.trim());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Set up authenticator">
      <Stack gap="md">
        <Text size="sm">Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy, …).</Text>
        <Group justify="center" p="sm" bg="white">
          <QRCodeSVG value={enrollment.uri} size={184} marginSize={2} role="img" aria-label="QR code for your authenticator app" />
        </Group>
        <div>
          <Text size="sm">Or enter this key by hand:</Text>
          <Code block aria-label="Manual entry key" fz="sm">{enrollment.manualKey}</Code>
        </div>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <TextInput
          label="Code from the app"
          description="Six digits"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <Button type="submit" loading={pending}>Turn on two-factor authentication</Button>
      </Stack>
    </form>
  );
}
