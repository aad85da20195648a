/**
 * How the analytics cards name and show their figures, on top of the format module: metric
 * names, a metered quantity by its metric (storage as a size, counts compactly), a latency in
 * milliseconds ("85 ms", "1.3 s") and a change against the previous period.
 */
import { formatBytes, formatNumber, formatPercent } from "@atrium/format";

export const METRIC_LABELS: Record<string, string> = { api_calls: "API calls", operations: "Product operations", storage_bytes: "Storage", seats: "Seats" };
export const metricLabel = (metric: string) => METRIC_LABELS[metric] ?? metric;

export function formatQuantity(metric: string, value: bigint | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return metric === "storage_bytes" ? formatBytes(value) : formatNumber(value);
}

/** A latency: whole milliseconds under a second, seconds with up to two decimals above. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  return ms < 1000 ? `${formatNumber(Math.round(ms))} ms` : `${formatNumber(Math.round(ms / 10) / 100)} s`;
}

/** "+12.5% vs previous period", "No change vs previous period", "New in this period", or "" without a previous figure. */
export function changeLabel(current: number, previous: number | null | undefined): string {
  if (previous === null || previous === undefined) return "";
  if (previous === 0) return current === 0 ? "No change vs previous period" : "New in this period";
  const ratio = (current - previous) / previous;
  return ratio === 0 ? "No change vs previous period" : `${ratio > 0 ? "+" : ""}${formatPercent(ratio)} vs previous period`;
}
