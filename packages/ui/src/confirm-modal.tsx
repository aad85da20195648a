import { Button, Group, Modal, Stack, Text, type MantineColor } from "@mantine/core";
import type { ReactNode } from "react";
import { MutationErrorAlert } from "./mutation-error.tsx";

/** Asks before something that is hard to undo; shows the server's refusal in place. */
export function ConfirmModal({
  title,
  children,
  confirmLabel,
  color = "red",
  pending,
  disabled = false,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: MantineColor;
  pending: boolean;
  /** The confirm button waits for something still to be chosen or typed. */
  disabled?: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        <MutationErrorAlert error={error} />
        {typeof children === "string" ? <Text size="sm">{children}</Text> : children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button color={color} loading={pending} disabled={disabled} onClick={onConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
