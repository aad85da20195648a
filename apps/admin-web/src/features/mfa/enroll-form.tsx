import { ZodForm } from "@atrium/ui";
import { Button, Code, Group, Text, TextInput } from "@mantine/core";
import { QRCodeSVG } from "qrcode.react";
import { useCodeForm } from "./use-code-form.ts";

export interface Enrollment {
  uri: string;
  manualKey: string;
}

/** Scan the QR code (or type the key), then confirm with the app's current code. */
export function EnrollForm({ enrollment, onConfirm }: { enrollment: Enrollment; onConfirm(code: string): Promise<void> }) {
  const { form, error, pending, submit } = useCodeForm(onConfirm);
  return (
    <ZodForm form={form} error={error} label="Set up authenticator" gap="md" onSubmit={submit}>
        <Text size="sm">Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy, …).</Text>
        <Group justify="center" p="sm" bg="white">
          <QRCodeSVG value={enrollment.uri} size={184} marginSize={2} role="img" aria-label="QR code for your authenticator app" />
        </Group>
        <div>
          <Text size="sm">Or enter this key by hand:</Text>
          <Code block aria-label="Manual entry key" fz="sm">{enrollment.manualKey}</Code>
        </div>
        <TextInput
          label="Code from the app"
          description="Six digits"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          {...form.getInputProps("code")}
        />
        <Button type="submit" loading={pending}>Turn on two-factor authentication</Button>
    </ZodForm>
  );
}
