/**
 * A contract history entry's changes as a person reads them: the field's label and its old and
 * new values through the format module (money in the contract's currency, days, counts, the
 * pricing summarised), never the stored JSON. Values are as core's contract snapshot keeps them:
 * minor units as decimal strings, days as YYYY-MM-DD, billing contacts as a count.
 */
import { formatCount, formatDate, formatMoney, formatNumber, formatPercent } from "@atrium/ui";
import { METRICS } from "./contract-form.ts";

const LABELS: Record<string, string> = {
  name: "Name",
  currency: "Currency",
  annualValueMinor: "Annual value",
  seats: "Seats included",
  seatPriceMinor: "Extra seat price",
  committedAmountMinor: "Committed usage",
  usagePrices: "Usage prices",
  volumeTiers: "Volume tiers",
  startDate: "Start date",
  endDate: "End date",
  renewalDate: "Renewal date",
  autoRenew: "Renews automatically",
  paymentTerms: "Payment terms",
  billingCycle: "Billing cycle",
  poNumber: "PO number",
  slaUptimePercent: "Uptime",
  slaP99LatencyMs: "p99 latency",
  slaSupportLevel: "Support level",
  csmUserId: "Customer success manager",
  accountExecutiveUserId: "Account executive",
  billingContacts: "Billing contacts",
  notes: "Notes",
};

const ENUMS: Record<string, string> = {
  immediate: "Due on receipt", net_30: "Net 30", net_60: "Net 60", net_90: "Net 90",
  monthly: "Monthly", quarterly: "Quarterly", annual: "Annual",
  standard: "Standard", business: "Business", premium: "Premium", dedicated: "Dedicated",
  usd: "USD", eur: "EUR", gbp: "GBP",
};

const metricLabel = (metric: string) => METRICS.find((m) => m.value === metric)?.label ?? metric;

/** One field's value; `names` gives staff members' names by id. */
export function historyValue(field: string, value: unknown, currency: string, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field.endsWith("Minor")) return formatMoney(BigInt(String(value)), currency);
  if (field === "usagePrices" && typeof value === "object") {
    const prices = Object.entries(value as Record<string, { unitAmountMinor: number; unitSize: number }>);
    return prices.length ? prices.map(([metric, p]) => `${metricLabel(metric)} ${formatMoney(p.unitAmountMinor, currency)} per ${formatNumber(p.unitSize)}`).join("; ") : "none";
  }
  if (field === "volumeTiers" && Array.isArray(value)) return value.length ? formatCount(value.length, "tier") : "none";
  if (field === "billingContacts" && typeof value === "number") return formatCount(value, "contact");
  if (field === "slaUptimePercent" && typeof value === "number") return formatPercent(value / 100, { fine: true });
  if (field === "slaP99LatencyMs" && typeof value === "number") return `${formatNumber(value)} ms`;
  if (field === "csmUserId" || field === "accountExecutiveUserId") return names.get(String(value)) ?? "a former staff member";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : (ENUMS[value] ?? value);
  return "changed";
}

/** "Seats included: 700 → 750", one line per changed field. */
export function historyLines(changes: Record<string, { from: unknown; to: unknown }>, currency: string, names: ReadonlyMap<string, string>): string[] {
  return Object.entries(changes).map(([field, c]) => `${LABELS[field] ?? field}: ${historyValue(field, c.from, currency, names)} → ${historyValue(field, c.to, currency, names)}`);
}
