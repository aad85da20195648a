import { Stack } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { CSSProperties, ReactNode } from "react";
import { MutationErrorAlert } from "../mutation-error.tsx";
import { serverFieldErrors } from "./use-zod-form.ts";

/**
 * The part of a mutation's error that is not about a field of this form, for a summary above
 * the fields: null when every problem the server named is on one of the form's fields (an
 * item's error, "entries.0.cidr", counts as its list's), the error itself otherwise.
 */
export function errorOffFields<Values>(form: UseFormReturnType<Values>, error: unknown): unknown {
  const onFields = serverFieldErrors(error);
  const fields = Object.keys(form.getValues() as object);
  return onFields && Object.keys(onFields).every((key) => fields.includes(key.split(".")[0]!)) ? null : error;
}

export interface ZodFormProps<Values> {
  /** The form from useZodForm. */
  form: UseFormReturnType<Values>;
  /** Called with valid values (the schema's checks passed). */
  onSubmit(values: Values): void;
  /** The mutation's error: field errors show on their fields, the rest above them. */
  error?: unknown;
  /** The form's accessible name ("Record a month"). */
  label?: string;
  /** Read-only: every field and button inside is disabled. */
  disabled?: boolean;
  gap?: string | number;
  style?: CSSProperties;
  children: ReactNode;
}

/**
 * A form in the page (not in a dialog): the summary of what the server refused that is not
 * about one of its fields, then its fields and buttons. The in-page counterpart of FormModal;
 * the browser's own validation is off, the schema's sentences show instead.
 */
export function ZodForm<Values>({ form, onSubmit, error, label, disabled = false, gap = "sm", style, children }: ZodFormProps<Values>) {
  return (
    <form onSubmit={form.onSubmit((values) => onSubmit(values))} aria-label={label} noValidate style={style}>
      <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap={gap}>
          <MutationErrorAlert error={errorOffFields(form, error)} />
          {children}
        </Stack>
      </fieldset>
    </form>
  );
}
