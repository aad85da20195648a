import { Text, type TextProps } from "@mantine/core";
import type { CellValue } from "./types.ts";
import { formatDateTime, formatNumber } from "@atrium/format";

/** How a bare value reads in a cell; dates and numbers go through the format module. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === "number" || typeof value === "bigint") return formatNumber(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return value;
}

/**
 * Text on one line that never widens its column: clipped with an ellipsis, the full text in the
 * native tooltip (hover) and in the accessible name, so nothing is lost to screen readers.
 */
export function TruncatedText({ text, ...props }: { text: string } & Omit<TextProps, "children" | "truncate">) {
  return (
    <Text size="sm" {...props} truncate="end" title={text} style={{ minWidth: 0 }}>
      {text}
    </Text>
  );
}

/** Ascending order of two cell values: nulls last, numbers and dates by magnitude, text by locale. */
export function compareValues(a: CellValue, b: CellValue): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return String(a).localeCompare(String(b), "en", { sensitivity: "base", numeric: true });
}
