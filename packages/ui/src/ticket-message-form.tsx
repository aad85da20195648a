import { Button, Group, Textarea } from "@mantine/core";
import type { ReactNode } from "react";
import { useZodForm } from "./form/use-zod-form.ts";
import { ZodForm } from "./form/zod-form.tsx";
import { ZTicketMessageForm } from "./ticket-forms.ts";

export interface TicketMessageFormProps {
  /** The form's accessible name: "Reply to support". */
  label: string;
  /** The text field's label ("Reply", "Internal note") and the line under it. */
  fieldLabel: string;
  description: string;
  submitLabel: string;
  /**
   * Sends the trimmed message; resolves once it is kept (the field then empties) and rejects
   * when refused (the refusal shows through `error`): a mutation's mutateAsync.
   */
  onSend(body: string): Promise<unknown>;
  /** The mutation's error: "Write a message." and the like on the field, the rest above it. */
  error: unknown;
  pending: boolean;
  /** Above the field (a mode switch), below it (a status to set), and beside the send button. */
  before?: ReactNode;
  after?: ReactNode;
  actions?: ReactNode;
  color?: string;
}

/**
 * A message on a support ticket, from either side: a reply (the other side is told by e-mail)
 * or a staff note. The field is checked with the server's sentences before sending.
 */
export function TicketMessageForm({ label, fieldLabel, description, submitLabel, onSend, error, pending, before, after, actions, color }: TicketMessageFormProps) {
  const form = useZodForm(ZTicketMessageForm, { body: "" }, error);
  const send = async ({ body }: { body: string }) => {
    try {
      await onSend(body.trim());
      form.reset();
    } catch {
      // Shown through `error`, on the field or above it.
    }
  };
  return (
    <ZodForm form={form} error={error} label={label} gap="md" onSubmit={(values) => void send(values)}>
      {before}
      <Textarea label={fieldLabel} description={description} autosize minRows={3} maxRows={12} {...form.getInputProps("body")} />
      {after}
      <Group>
        <Button type="submit" loading={pending} color={color}>{submitLabel}</Button>
        {actions}
      </Group>
    </ZodForm>
  );
}
