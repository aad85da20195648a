import { Alert, Button, Group, Modal, Stack, Text, type MantineColor } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "./api-client.ts";

/** Asks before something that is hard to undo; shows the server's refusal in place. */
export function ConfirmModal({
  title,
  children,
  confirmLabel,
  color = "red",
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: MantineColor;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        {error ? <Alert color="red" role="alert">{errorMessage(error)}</Alert> : null}
        {typeof children === "string" ? <Text size="sm">{children}</Text> : children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button color={color} loading={pending} onClick={onConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
