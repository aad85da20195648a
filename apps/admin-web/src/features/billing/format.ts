/** Money arrives as integer minor units (bigint) with its currency; shown with Intl, never through a float sum. */
export type Currency = "usd" | "eur" | "gbp";

export function formatMoney(minor: bigint, currency: Currency): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const major = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  const text = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(major as unknown as number);
  return negative ? `-${text}` : text;
}

export const formatDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
export function formatQuantity(metric: string, value: bigint | number): string {
  const n = Number(value);
  if (metric === "storage_bytes") return `${COMPACT.format(n / 1024 ** 3)} GB`;
  return COMPACT.format(n);
}

export const METRIC_NAMES: Record<string, string> = { api_calls: "API calls", operations: "Product operations", storage_bytes: "Storage", seats: "Seats" };
export const TERMS: Record<string, string> = { immediate: "Due on receipt", net_30: "Net 30", net_60: "Net 60", net_90: "Net 90" };
