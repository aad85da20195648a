import { useForm, type UseFormReturnType } from "@mantine/form";
import { TRPCClientError } from "@trpc/client";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useEffect } from "react";
import type { z } from "zod";
import { humanFieldError, humanFieldErrors } from "./human-errors.ts";

/** The server's `{ field: [messages] }` of a refused tRPC call, if it has any. */
export function serverFieldErrors(error: unknown): Record<string, string> | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
  if (!fieldErrors) return undefined;
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, messages]) => [field, humanFieldErrors(messages)]));
}

/**
 * What a schema says of these values, as `{ path: sentence }` (empty when they pass): the
 * same check useZodForm runs on submit, for a form that shows a rule while it is typed
 * (a total that must reach 100) or disables its buttons until the values pass.
 */
export function valuesProblems<Schema extends z.ZodObject>(schema: Schema, values: z.input<Schema>): Record<string, string> {
  const check = zod4Resolver(schema);
  return Object.fromEntries(Object.entries(check(values)).map(([field, message]) => [field, humanFieldError(String(message))]));
}

/**
 * A `@mantine/form` form validated by a zod schema, whose errors are human
 * sentences: the client's own checks on submit, and, when `serverError` (the
 * mutation's error) carries `fieldErrors`, the server's on the same fields.
 * Fields the server names that the form does not have stay in the error, for
 * FormModal's summary.
 */
export function useZodForm<Schema extends z.ZodObject>(
  schema: Schema,
  initialValues: z.input<Schema>,
  serverError?: unknown,
): UseFormReturnType<z.input<Schema>> {
  const form = useForm<z.input<Schema>>({
    mode: "controlled",
    initialValues,
    validate: (values) => valuesProblems(schema, values),
    // Mantine marks a field in error with data-invalid only on some inputs (PasswordInput); screen readers need aria-invalid on every one.
    enhanceGetInputProps: ({ inputProps }) => (inputProps.error ? { "aria-invalid": true } : undefined),
  });
  const fromServer = serverFieldErrors(serverError);
  const { setErrors } = form;
  useEffect(() => {
    if (fromServer) setErrors(fromServer);
    // The errors change only when the mutation's error does.
  }, [serverError, setErrors]);
  return form;
}
