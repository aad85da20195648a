import { formatBytes, formatCompact } from "@atrium/ui";

export { formatDate, formatMoney } from "@atrium/ui";

/** Money arrives as integer minor units (bigint) with its currency. */
export type Currency = "usd" | "eur" | "gbp";

/** A metered quantity as people read it: storage as a size, counts compactly. */
export function formatQuantity(metric: string, value: bigint | number): string {
  return metric === "storage_bytes" ? formatBytes(value) : formatCompact(value);
}

export const METRIC_NAMES: Record<string, string> = { api_calls: "API calls", operations: "Product operations", storage_bytes: "Storage", seats: "Seats" };
export const TERMS: Record<string, string> = { immediate: "Due on receipt", net_30: "Net 30", net_60: "Net 60", net_90: "Net 90" };
