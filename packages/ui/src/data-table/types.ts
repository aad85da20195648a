import type { ReactNode } from "react";

/** A value a column sorts by and shows when it has no `cell` renderer. */
export type CellValue = string | number | bigint | Date | boolean | null | undefined;

/**
 * One column of a DataTable. `value` is what the column sorts by and, without `cell`, what it
 * shows (one line, clipped with an ellipsis, the full text on hover). `cell` renders anything
 * else; wrap long text inside it in `TruncatedText` so it clips the same way.
 */
export type DataColumn<T> = {
  id: string;
  header: string;
  value?: (row: T) => CellValue;
  cell?: (row: T) => ReactNode;
  /** Offer sorting on this column (needs `value`, or the server sorts it: see `sort`). */
  sortable?: boolean;
  /** CSS width ("30%", 120). Columns without one share what is left. */
  width?: number | string;
  align?: "left" | "right" | "center";
};

/** Rows chosen for a bulk action, by row id; the caller owns the set. */
export type DataTableSelection = {
  selected: ReadonlySet<string>;
  onChange(next: ReadonlySet<string>): void;
};
