import { Button, Group, Modal, Stack, type MantineColor } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { ReactNode } from "react";
import { dialogMutation, type ConfirmableMutation } from "../dialog-mutation.ts";
import { MutationErrorAlert } from "../mutation-error.tsx";
import { errorOffFields } from "./zod-form.tsx";

export interface FormModalProps<Values> {
  title: string;
  /** The form from useZodForm; its fields are the modal's children. */
  form: UseFormReturnType<Values>;
  /** Called with valid values (the schema's checks passed). */
  onSubmit(values: Values): void;
  onClose(): void;
  /** The submit button's words: "Send invitation", "Save". */
  submitLabel: string;
  /**
   * The mutation the form submits: its pending state spins the submit button, its error shows
   * (field errors on their fields), and closing the dialog resets it. Or give `pending` and
   * `error` apart.
   */
  mutation?: ConfirmableMutation;
  /** The mutation is running: the submit button spins. */
  pending?: boolean;
  /** Nothing to submit yet (e.g. the value is unchanged): the submit button is disabled. */
  submitDisabled?: boolean;
  /** The mutation's error: field errors show on their fields, the rest above them. */
  error?: unknown;
  /** The submit button's color, for a change that needs care ("orange"). */
  color?: MantineColor;
  /** Mantine's modal size, for forms with long fields ("lg"). */
  size?: string;
  children: ReactNode;
}

/**
 * A dialog holding one form: fields, a summary of what the server refused that
 * is not about a field of this form, Cancel and the submit button. Field errors
 * are on their fields (useZodForm puts the server's there); an item's error
 * ("attendees.0") counts as its list's.
 */
export function FormModal<Values>(props: FormModalProps<Values>) {
  const { title, form, onSubmit, submitLabel, submitDisabled = false, color, size, children } = props;
  const { pending, error, onClose } = dialogMutation(props);
  const summary = errorOffFields(form, error);
  return (
    <Modal opened onClose={onClose} title={title} size={size} centered>
      <form onSubmit={form.onSubmit((values) => onSubmit(values))} noValidate>
        <Stack>
          <MutationErrorAlert error={summary} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color={color} loading={pending} disabled={submitDisabled}>{submitLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
