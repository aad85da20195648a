import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, mulDivRound, parseMajor } from "./money.ts";
import { BILLABLE_METRICS, billingPeriods, computeInvoice, periodShare, priceUnits, unitPriceAt, type ContractPricing, type CycleMonths, type VolumeTier } from "./pricing.ts";

const ORGS = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"];

const arbPrice = fc.record({ unitAmountMinor: fc.integer({ min: 0, max: 100_000 }), unitSize: fc.constantFrom(1, 100, 1000, 1_000_000) });
const arbTiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 4 })
  .chain((bounds) => fc.tuple(fc.constant([...bounds].sort((a, b) => a - b)), fc.array(arbPrice, { minLength: bounds.length + 1, maxLength: bounds.length + 1 })))
  .map(([bounds, prices]) => prices.map((p, i) => ({ metric: "api_calls" as const, upTo: bounds[i] ?? null, ...p })));
const arbPricing: fc.Arbitrary<ContractPricing> = fc.record({
  currency: fc.constantFrom("usd", "eur", "gbp"),
  annualValueMinor: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
  seats: fc.integer({ min: 0, max: 5000 }),
  seatPriceMinor: fc.bigInt({ min: 0n, max: 1_000_000n }),
  usagePrices: fc.record({ api_calls: arbPrice, operations: arbPrice, storage_bytes: arbPrice }, { requiredKeys: [] }),
  volumeTiers: fc.oneof(fc.constant([] as VolumeTier[]), arbTiers),
  committedAmountMinor: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
});
const arbPeriod = fc
  .record({
    cycleMonths: fc.constantFrom<CycleMonths>(1, 3, 12),
    periodDays: fc.integer({ min: 28, max: 366 }),
    coveredFraction: fc.integer({ min: 0, max: 1000 }),
    usage: fc.array(fc.record({ organizationId: fc.constantFrom(...ORGS), metric: fc.constantFrom(...BILLABLE_METRICS), quantity: fc.bigInt({ min: 0n, max: 10_000_000_000n }) }), { maxLength: 8 }),
    peakSeats: fc.integer({ min: 0, max: 10_000 }),
    closesContractYear: fc.boolean(),
    usageSpentEarlierInYearMinor: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
  })
  .map(({ coveredFraction, ...p }) => ({ ...p, organizationId: ORGS[0]!, coveredDays: Math.round((p.periodDays * coveredFraction) / 1000) }));

describe("invoice math", () => {
  it("totals equal the sum of the lines, no line or total is negative, all in integer minor units", () => {
    fc.assert(
      fc.property(arbPricing, arbPeriod, (pricing, period) => {
        const invoice = computeInvoice(pricing, period);
        expect(invoice.totalMinor).toBe(invoice.lines.reduce((s, l) => s + l.amountMinor, 0n));
        expect(invoice.subtotalMinor).toBe(invoice.totalMinor);
        for (const line of invoice.lines) {
          expect(typeof line.amountMinor).toBe("bigint");
          expect(line.amountMinor >= 0n).toBe(true);
        }
        expect(invoice.totalMinor >= 0n).toBe(true);
      }),
    );
  });

  it("a metric with volume tiers is priced wholly at the tier its consolidated volume reaches", () => {
    fc.assert(
      fc.property(arbTiers, fc.bigInt({ min: 0n, max: 20_000_000n }), (tiers, volume) => {
        const price = unitPriceAt({ usagePrices: {}, volumeTiers: tiers }, "api_calls", volume)!;
        const reached = tiers.find((t) => t.upTo === null || volume <= BigInt(t.upTo))!;
        expect(price).toBe(reached);
        // every lower tier's bound is below the volume
        for (const t of tiers.slice(0, tiers.indexOf(reached))) expect(BigInt(t.upTo!) < volume).toBe(true);
      }),
    );
  });

  it("splitting usage across organizations changes the total by less than one minor unit per line", () => {
    fc.assert(
      fc.property(arbPricing, fc.array(fc.bigInt({ min: 0n, max: 1_000_000_000n }), { minLength: 1, maxLength: 3 }), (pricing, parts) => {
        const base = { organizationId: ORGS[0]!, cycleMonths: 1 as const, periodDays: 30, coveredDays: 30, peakSeats: 0, closesContractYear: false, usageSpentEarlierInYearMinor: 0n };
        const split = computeInvoice(pricing, { ...base, usage: parts.map((q, i) => ({ organizationId: ORGS[i]!, metric: "api_calls", quantity: q })) });
        const total = parts.reduce((s, q) => s + q, 0n);
        const whole = computeInvoice(pricing, { ...base, usage: [{ organizationId: ORGS[0]!, metric: "api_calls", quantity: total }] });
        const diff = split.usageSpendMinor - whole.usageSpendMinor;
        expect((diff < 0n ? -diff : diff) <= BigInt(parts.length)).toBe(true);
      }),
    );
  });

  it("proration never exceeds the full period's fee and a fully covered period charges it exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000_000n }), fc.constantFrom<CycleMonths>(1, 3, 12), fc.integer({ min: 28, max: 366 }), fc.integer({ min: 0, max: 366 }), (annual, months, days, covered) => {
        const c = Math.min(covered, days);
        const full = periodShare(annual, months, days, days);
        expect(full).toBe(mulDivRound(annual, BigInt(months), 12n));
        const part = periodShare(annual, months, c, days);
        expect(part >= 0n && part <= full).toBe(true);
        // the two halves of a split period add up to the whole within one minor unit of rounding each
        const rest = periodShare(annual, months, days - c, days);
        const gap = part + rest - full;
        expect(gap >= -1n && gap <= 1n).toBe(true);
      }),
    );
  });

  it("rounds half away from zero exactly (|result·c − a·b| ≤ c/2)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (a, b, c) => {
        const r = mulDivRound(a, b, c);
        const err = r * c - a * b;
        expect((err < 0n ? -err : err) * 2n <= c).toBe(true);
      }),
    );
    expect(priceUnits(1500n, { unitAmountMinor: 1, unitSize: 1000 })).toBe(2n); // 1.5 → 2
    expect(priceUnits(1499n, { unitAmountMinor: 1, unitSize: 1000 })).toBe(1n);
  });

  it("the true-up settles a shortfall of the contract year's usage spend, never a surplus", () => {
    const pricing: ContractPricing = { currency: "usd", annualValueMinor: 0n, seats: 0, seatPriceMinor: 0n, usagePrices: { api_calls: { unitAmountMinor: 40, unitSize: 1000 } }, volumeTiers: [], committedAmountMinor: 100_000n };
    const base = { organizationId: ORGS[0]!, cycleMonths: 12 as const, periodDays: 365, coveredDays: 365, peakSeats: 0, closesContractYear: true };
    const short = computeInvoice(pricing, { ...base, usage: [{ organizationId: ORGS[0]!, metric: "api_calls", quantity: 1_000_000n }], usageSpentEarlierInYearMinor: 20_000n });
    expect(short.lines.map((l) => [l.kind, l.amountMinor])).toEqual([["usage", 40_000n], ["committed_true_up", 40_000n]]);
    const over = computeInvoice(pricing, { ...base, usage: [{ organizationId: ORGS[0]!, metric: "api_calls", quantity: 3_000_000n }], usageSpentEarlierInYearMinor: 0n });
    expect(over.lines.map((l) => l.kind)).toEqual(["usage"]);
  });

  it("cuts billing periods at the contract end and marks the periods that close a contract year", () => {
    const periods = billingPeriods(new Date("2026-01-15"), new Date("2027-03-31"), 3);
    expect(periods.map((p) => [p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10), p.closesContractYear])).toEqual([
      ["2026-01-15", "2026-04-14", false],
      ["2026-04-15", "2026-07-14", false],
      ["2026-07-15", "2026-10-14", false],
      ["2026-10-15", "2027-01-14", true],
      ["2027-01-15", "2027-03-31", true],
    ]);
    expect(periods[4]!.coveredDays).toBe(76);
    expect(periods[4]!.periodDays).toBe(90);
  });

  it("formats and parses money in minor units", () => {
    expect(formatMoney(123456789n, "usd")).toBe("$1,234,567.89");
    expect(formatMoney(5n, "gbp")).toBe("£0.05");
    expect(parseMajor("1234.5", "eur")).toBe(123450n);
    expect(() => parseMajor("1.234", "usd")).toThrow(RangeError);
  });
});
