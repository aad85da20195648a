/**
 * Invoice math for enterprise contracts, pure and in integer minor units.
 *
 * One invoice covers one billing period (a month, quarter or year from the
 * contract's start) and is issued when the period ends:
 * - the platform fee: annual value × months in the cycle ÷ 12, prorated by
 *   day when the contract covers only part of the period;
 * - seats above the contracted number (peak of the period) at the seat price,
 *   per year, prorated the same way;
 * - metered usage at the contract's unit prices; a metric with volume tiers is
 *   priced wholly at the tier its (consolidated) volume reaches;
 * - on the period that closes a contract year, a committed-use true-up for any
 *   shortfall of the year's usage spend below the commitment.
 * Every line is rounded half away from zero to the minor unit once; the total
 * is the sum of the lines, so it can never disagree with them.
 */
import { formatBytes, formatNumber } from "@atrium/format";
import { mulDivRound, type Currency } from "./money.ts";

export const USAGE_METRICS = ["api_calls", "seats", "storage_bytes", "operations"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
/** Metrics billed per unit (seats are billed through the seat price). */
export const BILLABLE_METRICS = ["api_calls", "operations", "storage_bytes"] as const satisfies readonly UsageMetric[];
export const METRIC_LABELS: Record<UsageMetric, { name: string; unit: string }> = {
  api_calls: { name: "API calls", unit: "calls" },
  seats: { name: "Seats", unit: "seats" },
  storage_bytes: { name: "Storage", unit: "bytes" },
  operations: { name: "Product operations", unit: "operations" },
};

/** unitAmountMinor per unitSize units (integers), e.g. 40 cents per 1,000 calls. */
export interface UnitPrice {
  unitAmountMinor: number;
  unitSize: number;
}
export interface VolumeTier extends UnitPrice {
  metric: UsageMetric;
  /** Inclusive upper bound of the tier's volume; null for the last tier. */
  upTo: number | null;
}

export interface ContractPricing {
  currency: Currency;
  annualValueMinor: bigint;
  seats: number;
  seatPriceMinor: bigint;
  usagePrices: Partial<Record<UsageMetric, UnitPrice>>;
  volumeTiers: readonly VolumeTier[];
  committedAmountMinor: bigint;
}

export type CycleMonths = 1 | 3 | 12;

export interface PeriodUsage {
  organizationId: string;
  metric: UsageMetric;
  quantity: bigint;
}

export interface PeriodInput {
  /** The organization that owns the contract (fee and seat lines are its). */
  organizationId: string;
  cycleMonths: CycleMonths;
  /** Days in the billing period and how many of them the contract covers. */
  periodDays: number;
  coveredDays: number;
  /** Usage of the period, per organization of the (consolidated) subtree. */
  usage: readonly PeriodUsage[];
  peakSeats: number;
  /** The period ends a contract year: settle the commitment. */
  closesContractYear: boolean;
  /** Usage spend already invoiced earlier in this contract year. */
  usageSpentEarlierInYearMinor: bigint;
}

export type LineKind = "subscription" | "seats" | "usage" | "committed_true_up" | "proration";

export interface ComputedLine {
  organizationId: string;
  kind: LineKind;
  description: string;
  metric: UsageMetric | null;
  quantity: bigint;
  unitAmountMinor: bigint;
  unitSize: number;
  amountMinor: bigint;
}

export interface ComputedInvoice {
  lines: ComputedLine[];
  subtotalMinor: bigint;
  totalMinor: bigint;
  usageSpendMinor: bigint;
}

/** The unit price of a metric at a volume: the tier the volume reaches, else the flat usage price, else free. */
export function unitPriceAt(pricing: Pick<ContractPricing, "usagePrices" | "volumeTiers">, metric: UsageMetric, volume: bigint): UnitPrice | null {
  const tiers = pricing.volumeTiers.filter((t) => t.metric === metric).sort((a, b) => (a.upTo ?? Infinity) - (b.upTo ?? Infinity));
  if (tiers.length) return tiers.find((t) => t.upTo === null || volume <= BigInt(t.upTo)) ?? tiers[tiers.length - 1]!;
  return pricing.usagePrices[metric] ?? null;
}

/** Amount for a quantity at a unit price, rounded once to the minor unit. */
export function priceUnits(quantity: bigint, price: UnitPrice): bigint {
  return mulDivRound(quantity, BigInt(price.unitAmountMinor), BigInt(price.unitSize));
}

/** A yearly amount for one period of the cycle, prorated by covered days. */
export function periodShare(annualMinor: bigint, cycleMonths: CycleMonths, coveredDays: number, periodDays: number): bigint {
  if (periodDays <= 0 || coveredDays < 0 || coveredDays > periodDays) throw new RangeError("covered days must be within the period");
  return mulDivRound(annualMinor * BigInt(cycleMonths), BigInt(coveredDays), 12n * BigInt(periodDays));
}

const CYCLE_NAME: Record<CycleMonths, string> = { 1: "monthly", 3: "quarterly", 12: "annual" };

export function computeInvoice(pricing: ContractPricing, period: PeriodInput): ComputedInvoice {
  const lines: ComputedLine[] = [];
  const prorated = period.coveredDays < period.periodDays;
  const prorationNote = prorated ? ` (prorated ${period.coveredDays}/${period.periodDays} days)` : "";

  const fee = periodShare(pricing.annualValueMinor, period.cycleMonths, period.coveredDays, period.periodDays);
  if (pricing.annualValueMinor > 0n) {
    lines.push({
      organizationId: period.organizationId,
      kind: prorated ? "proration" : "subscription",
      description: `Platform fee, ${CYCLE_NAME[period.cycleMonths]}, ${pricing.seats} seats included${prorationNote}`,
      metric: null,
      quantity: 1n,
      unitAmountMinor: fee,
      unitSize: 1,
      amountMinor: fee,
    });
  }

  const extraSeats = Math.max(0, period.peakSeats - pricing.seats);
  if (extraSeats > 0 && pricing.seatPriceMinor > 0n) {
    const perSeat = periodShare(pricing.seatPriceMinor, period.cycleMonths, period.coveredDays, period.periodDays);
    lines.push({
      organizationId: period.organizationId,
      kind: "seats",
      description: `Seats above the ${pricing.seats} contracted (peak ${period.peakSeats})${prorationNote}`,
      metric: "seats",
      quantity: BigInt(extraSeats),
      unitAmountMinor: perSeat,
      unitSize: 1,
      amountMinor: perSeat * BigInt(extraSeats),
    });
  }

  let usageSpend = 0n;
  for (const metric of BILLABLE_METRICS) {
    const rows = period.usage.filter((u) => u.metric === metric && u.quantity > 0n);
    const volume = rows.reduce((sum, u) => sum + u.quantity, 0n);
    const price = unitPriceAt(pricing, metric, volume);
    if (!price || volume === 0n) continue;
    const tiered = pricing.volumeTiers.some((t) => t.metric === metric);
    for (const row of [...rows].sort((a, b) => a.organizationId.localeCompare(b.organizationId))) {
      const amount = priceUnits(row.quantity, price);
      usageSpend += amount;
      lines.push({
        organizationId: row.organizationId,
        kind: "usage",
        description: `${METRIC_LABELS[metric].name}${tiered ? ` (volume tier for ${metric === "storage_bytes" ? formatBytes(volume) : `${formatNumber(volume)} ${METRIC_LABELS[metric].unit}`})` : ""}`,
        metric,
        quantity: row.quantity,
        unitAmountMinor: BigInt(price.unitAmountMinor),
        unitSize: price.unitSize,
        amountMinor: amount,
      });
    }
  }

  if (period.closesContractYear && pricing.committedAmountMinor > 0n) {
    const spent = period.usageSpentEarlierInYearMinor + usageSpend;
    const shortfall = pricing.committedAmountMinor - spent;
    if (shortfall > 0n) {
      lines.push({
        organizationId: period.organizationId,
        kind: "committed_true_up",
        description: "Committed use true-up for the contract year",
        metric: null,
        quantity: 1n,
        unitAmountMinor: shortfall,
        unitSize: 1,
        amountMinor: shortfall,
      });
    }
  }

  const subtotal = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  return { lines, subtotalMinor: subtotal, totalMinor: subtotal, usageSpendMinor: usageSpend };
}

// ── Billing periods ─────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
export const CYCLE_MONTHS = { monthly: 1, quarterly: 3, annual: 12 } as const satisfies Record<string, CycleMonths>;

/** A UTC date (midnight) `months` after `date`, clamped to the month's last day. */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), last)));
}
export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
export const daysBetweenInclusive = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
export const utcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

export interface BillingPeriod {
  index: number;
  start: Date;
  /** Inclusive. */
  end: Date;
  periodDays: number;
  coveredDays: number;
  closesContractYear: boolean;
  /** The first day of the contract year the period belongs to. */
  contractYearStart: Date;
}

/** The billing periods of a contract from its start date, the last one cut at its end date (prorated). */
export function billingPeriods(startDate: Date, endDate: Date, cycleMonths: CycleMonths): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  for (let i = 0; ; i++) {
    const start = addMonths(startDate, i * cycleMonths);
    if (start > endDate) break;
    const fullEnd = addDays(addMonths(startDate, (i + 1) * cycleMonths), -1);
    const end = fullEnd > endDate ? endDate : fullEnd;
    const yearIndex = Math.floor((i * cycleMonths) / 12);
    const nextYearStart = addMonths(startDate, (yearIndex + 1) * 12);
    periods.push({
      index: i,
      start,
      end,
      periodDays: daysBetweenInclusive(start, fullEnd),
      coveredDays: daysBetweenInclusive(start, end),
      closesContractYear: addDays(end, 1).getTime() >= nextYearStart.getTime() || end.getTime() === endDate.getTime(),
      contractYearStart: addMonths(startDate, yearIndex * 12),
    });
  }
  return periods;
}

/** Due date from the payment terms. */
export function dueDateFor(issuedOn: Date, terms: "immediate" | "net_30" | "net_60" | "net_90"): Date {
  const days = { immediate: 0, net_30: 30, net_60: 60, net_90: 90 }[terms];
  return addDays(utcDay(issuedOn), days);
}
