/** What a table's rows come from when they are simply a query's: its data, its failure and its retry. */
export interface TableQuery<T> {
  data: readonly T[] | undefined;
  error: unknown;
  refetch(): unknown;
}

/**
 * Where a table's rows come from: a TanStack `query` whose data are the rows as they are (its
 * error shown with "Try again" refetching it), or the rows, failure and retry given apart (rows
 * the page sorts or filters first).
 */
export type TableRows<T> =
  | {
      /** Undefined while loading. */
      data: readonly T[] | undefined;
      /** A failed load: shown in the table with "Try again" calling `onRetry`. */
      error?: unknown;
      onRetry?(): void;
      query?: never;
    }
  | { query: TableQuery<T>; data?: never; error?: never; onRetry?: never };

/** The rows, failure and retry of a table, from its query when it has one. */
export function tableRows<T>(rows: TableRows<T>): { data: readonly T[] | undefined; error: unknown; onRetry: (() => void) | undefined } {
  const { query } = rows;
  if (!query) return { data: rows.data, error: rows.error, onRetry: rows.onRetry };
  return { data: query.data, error: query.error, onRetry: () => void query.refetch() };
}
