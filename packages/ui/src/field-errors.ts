import { TRPCClientError } from "@trpc/client";

/**
 * The server's sentence for one input field ("The part before the @ can be at most 64
 * characters."), for a form to show on that field instead of in a summary; undefined otherwise.
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
  return fieldErrors?.[field]?.join(" ");
}

/** Whether every problem the server reported is about one of these fields (so no summary is needed). */
export function onlyFieldErrors(error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
  return fieldErrors !== undefined && Object.keys(fieldErrors).every((key) => fields.includes(key));
}
