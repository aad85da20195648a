/** The contract editor's form state (strings as typed) and its conversion to the API's terms. */
import { minorToMajor, parseMajor, type Currency } from "./format.ts";

export const METRICS = [
  { value: "api_calls", label: "API calls" },
  { value: "operations", label: "Product operations" },
  { value: "storage_bytes", label: "Storage (bytes)" },
] as const;
type Metric = (typeof METRICS)[number]["value"];

export interface TierForm {
  metric: Metric;
  upTo: string;
  price: string;
  unitSize: string;
}

export interface ContractForm {
  organizationId: string | null;
  name: string;
  currency: Currency;
  annualValue: string;
  seats: string;
  seatPrice: string;
  committed: string;
  usagePrices: Record<Metric, { price: string; unitSize: string }>;
  tiers: TierForm[];
  startDate: string;
  endDate: string;
  renewalDate: string;
  autoRenew: boolean;
  paymentTerms: "immediate" | "net_30" | "net_60" | "net_90";
  billingCycle: "monthly" | "quarterly" | "annual";
  poNumber: string;
  slaUptime: string;
  slaP99: string;
  slaSupportLevel: "standard" | "business" | "premium" | "dedicated";
  csmUserId: string | null;
  accountExecutiveUserId: string | null;
  billingContacts: string[];
  notes: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export function emptyForm(): ContractForm {
  return {
    organizationId: null, name: "", currency: "usd", annualValue: "", seats: "", seatPrice: "0", committed: "0",
    usagePrices: { api_calls: { price: "", unitSize: "1000" }, operations: { price: "", unitSize: "100" }, storage_bytes: { price: "", unitSize: "1073741824" } },
    tiers: [], startDate: today(), endDate: "", renewalDate: "", autoRenew: false, paymentTerms: "net_30", billingCycle: "annual",
    poNumber: "", slaUptime: "", slaP99: "", slaSupportLevel: "standard", csmUserId: null, accountExecutiveUserId: null, billingContacts: [], notes: "",
  };
}

interface ContractDetail {
  organizationId: string; name: string; currency: Currency; annualValueMinor: bigint; seats: number; seatPriceMinor: bigint; committedAmountMinor: bigint;
  usagePrices: Record<string, { unitAmountMinor: number; unitSize: number }>; volumeTiers: { metric: string; upTo: number | null; unitAmountMinor: number; unitSize: number }[];
  startDate: Date; endDate: Date; renewalDate: Date; autoRenew: boolean; paymentTerms: string; billingCycle: string; poNumber: string | null;
  slaUptimePercent: number | null; slaP99LatencyMs: number | null; slaSupportLevel: string; csmUserId: string | null; accountExecutiveUserId: string | null; billingContacts: string[]; notes: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function formFrom(c: ContractDetail): ContractForm {
  const base = emptyForm();
  for (const m of METRICS) {
    const p = c.usagePrices[m.value];
    if (p) base.usagePrices[m.value] = { price: minorToMajor(BigInt(p.unitAmountMinor)), unitSize: String(p.unitSize) };
  }
  return {
    ...base,
    organizationId: c.organizationId, name: c.name, currency: c.currency, annualValue: minorToMajor(c.annualValueMinor), seats: String(c.seats),
    seatPrice: minorToMajor(c.seatPriceMinor), committed: minorToMajor(c.committedAmountMinor),
    tiers: c.volumeTiers.map((t) => ({ metric: t.metric as Metric, upTo: t.upTo === null ? "" : String(t.upTo), price: minorToMajor(BigInt(t.unitAmountMinor)), unitSize: String(t.unitSize) })),
    startDate: day(c.startDate), endDate: day(c.endDate), renewalDate: day(c.renewalDate), autoRenew: c.autoRenew,
    paymentTerms: c.paymentTerms as ContractForm["paymentTerms"], billingCycle: c.billingCycle as ContractForm["billingCycle"], poNumber: c.poNumber ?? "",
    slaUptime: c.slaUptimePercent === null ? "" : String(c.slaUptimePercent), slaP99: c.slaP99LatencyMs === null ? "" : String(c.slaP99LatencyMs),
    slaSupportLevel: c.slaSupportLevel as ContractForm["slaSupportLevel"], csmUserId: c.csmUserId, accountExecutiveUserId: c.accountExecutiveUserId,
    billingContacts: c.billingContacts, notes: c.notes,
  };
}

/** The API terms, or the first problem found (the server validates again). */
export function termsFrom(f: ContractForm): { terms: Record<string, unknown> } | { error: string } {
  const money = (label: string, v: string) => {
    const parsed = parseMajor(v || "0");
    if (parsed === null) throw new Error(`${label}: enter an amount with at most two decimals`);
    return parsed;
  };
  const int = (label: string, v: string, min = 0) => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${label}: enter a whole number`);
    return Number(v);
  };
  try {
    if (!f.name.trim()) throw new Error("Name: required");
    if (!f.endDate || !f.renewalDate) throw new Error("End and renewal dates are required");
    const usagePrices: Record<string, { unitAmountMinor: number; unitSize: number }> = {};
    for (const m of METRICS) {
      const p = f.usagePrices[m.value];
      if (p.price.trim()) usagePrices[m.value] = { unitAmountMinor: Number(money(`${m.label} price`, p.price)), unitSize: int(`${m.label} unit`, p.unitSize, 1) };
    }
    return {
      terms: {
        name: f.name.trim(), currency: f.currency, annualValueMinor: money("Annual value", f.annualValue), seats: int("Seats", f.seats),
        seatPriceMinor: money("Seat price", f.seatPrice), committedAmountMinor: money("Committed use", f.committed), usagePrices,
        volumeTiers: f.tiers.map((t, i) => ({ metric: t.metric, upTo: t.upTo.trim() ? int(`Tier ${i + 1} up to`, t.upTo, 1) : null, unitAmountMinor: Number(money(`Tier ${i + 1} price`, t.price)), unitSize: int(`Tier ${i + 1} unit`, t.unitSize, 1) })),
        startDate: new Date(f.startDate), endDate: new Date(f.endDate), renewalDate: new Date(f.renewalDate), autoRenew: f.autoRenew,
        paymentTerms: f.paymentTerms, billingCycle: f.billingCycle, poNumber: f.poNumber.trim() || null,
        slaUptimePercent: f.slaUptime.trim() ? Number(f.slaUptime) : null, slaP99LatencyMs: f.slaP99.trim() ? int("p99 latency", f.slaP99, 1) : null,
        slaSupportLevel: f.slaSupportLevel, csmUserId: f.csmUserId, accountExecutiveUserId: f.accountExecutiveUserId, billingContacts: f.billingContacts, notes: f.notes,
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
