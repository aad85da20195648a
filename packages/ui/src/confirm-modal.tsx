import { Button, Group, Modal, Stack, Text, type MantineColor } from "@mantine/core";
import type { ReactNode } from "react";
import { dialogMutation, type ConfirmableMutation } from "./dialog-mutation.ts";
import { MutationErrorAlert } from "./mutation-error.tsx";

/**
 * Where the confirm button's progress and the server's refusal come from: a `mutation` (its
 * pending state and error, reset when the dialog closes so the next opening starts clean), or
 * `pending` and `error` given apart, for a dialog whose error is not simply its mutation's.
 */
type ConfirmProgress = { mutation: ConfirmableMutation; pending?: never; error?: never } | { mutation?: never; pending: boolean; error: unknown };

export type ConfirmModalProps = ConfirmProgress & {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: MantineColor;
  /** The confirm button waits for something still to be chosen or typed. */
  disabled?: boolean;
  onConfirm(): void;
  onClose(): void;
};

/** Asks before something that is hard to undo; shows the server's refusal in place. */
export function ConfirmModal(props: ConfirmModalProps) {
  const { title, children, confirmLabel, color = "red", disabled = false, onConfirm } = props;
  const { pending, error, onClose } = dialogMutation(props);
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
