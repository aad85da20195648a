/**
 * CSV for what a page shows, built in the browser (RFC 4180: comma-separated, CRLF line ends,
 * fields quoted when they hold a comma, quote or line break; quotes doubled). A text field that
 * a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) is
 * prefixed with an apostrophe (OWASP's CSV injection advice); numbers are written as they are.
 * Dates are written as ISO 8601 in UTC so a spreadsheet can read them in any locale.
 */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return String(value);
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV document: a header row, then the rows (each as long as the header). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** Several titled tables in one CSV document, each preceded by its title row and followed by a blank line. */
export function toCsvSections(sections: readonly { title: string; header: readonly string[]; rows: readonly (readonly CsvValue[])[] }[]): string {
  return sections.map((s) => `${field(s.title)}\r\n${toCsv(s.header, s.rows)}`).join("\r\n");
}

/** Starts a download of `text` as `filename` (a UTF-8 CSV with a byte-order mark, so spreadsheets read accents). */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
