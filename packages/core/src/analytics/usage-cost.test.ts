import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { createContract, type StaffActor } from "../billing/contracts.ts";
import { invoiceContract } from "../billing/invoices.ts";
import { recordUsage } from "../billing/usage.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { createAnalyticsTree } from "./usage-fixtures.ts";
import { allocateLargestRemainder, usageCostByOperation } from "./usage-cost.ts";
import { rollupUsageAnalytics } from "./usage-rollup.ts";

const { db, demo } = await createDemoTestDatabase();
const finance: StaffActor = { actor: { type: "staff", userId: demo.users["finance@atrium.example"]!, email: "finance@atrium.example" }, role: "finance" };
const meter = systemActor("usage-cost-test");
const links = { publicUrl: "http://atrium.test" };
const TODAY = new Date("2026-12-07T00:00:00Z");
const october = { from: "2026-10-01", to: "2026-10-31" };

describe("largest-remainder allocation", () => {
  it("splits an amount in proportion to the weights, adding up exactly, ties to the first key", () => {
    expect(allocateLargestRemainder(100n, [{ key: "a", weight: 1n }, { key: "b", weight: 1n }, { key: "c", weight: 1n }])).toEqual([34n, 33n, 33n]);
    expect(allocateLargestRemainder(10n, [{ key: "b", weight: 1n }, { key: "a", weight: 1n }, { key: "c", weight: 2n }])).toEqual([2n, 3n, 5n]);
    expect(allocateLargestRemainder(-7n, [{ key: "a", weight: 1n }, { key: "b", weight: 1n }])).toEqual([-4n, -3n]);
    expect(() => allocateLargestRemainder(5n, [{ key: "a", weight: 0n }])).toThrow(RangeError);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }), (amount, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const parts = allocateLargestRemainder(amount, weights.map((weight, i) => ({ key: String(i).padStart(3, "0"), weight })));
        const total = weights.reduce((s, w) => s + w, 0n);
        expect(parts.reduce((s, p) => s + p, 0n)).toBe(amount);
        parts.forEach((p, i) => {
          const exactTimesTotal = amount * weights[i]!;
          expect(p * total - exactTimesTotal < total && exactTimesTotal - p * total < total).toBe(true);
        });
      }),
    );
  });
});

const arbitraryEvent = fc.record({
  metric: fc.constantFrom("api_calls", "operations", "storage_bytes") as fc.Arbitrary<"api_calls" | "operations" | "storage_bytes">,
  quantity: fc.integer({ min: 0, max: 50_000 }),
  operation: fc.option(fc.constantFrom("export.pdf", "search", "sync/push"), { nil: undefined }),
  child: fc.boolean(),
  /** Day offset from 2026-09-28: a few events fall outside October. */
  day: fc.integer({ min: 0, max: 38 }),
  hour: fc.integer({ min: 0, max: 23 }),
});
const arbitraryPrices = fc.record({
  api_calls: fc.record({ unitAmountMinor: fc.integer({ min: 0, max: 900 }), unitSize: fc.constantFrom(1, 7, 1000) }),
  operations: fc.record({ unitAmountMinor: fc.integer({ min: 1, max: 5000 }), unitSize: fc.constantFrom(1, 3, 100) }),
  storage_bytes: fc.record({ unitAmountMinor: fc.integer({ min: 1, max: 50 }), unitSize: fc.constantFrom(1, 1024) }),
});

/** A monthly contract of `organizationId` from September 2026 for a year, with these usage prices and volume tiers. */
async function monthlyContract(organizationId: string, currency: "usd" | "eur" | "gbp", usagePrices: Parameters<typeof createContract>[3]["usagePrices"], volumeTiers: Parameters<typeof createContract>[3]["volumeTiers"]) {
  const contract = await createContract(db, finance, organizationId, {
    name: "Analytics cost",
    currency,
    annualValueMinor: 120_000n,
    seats: 10,
    seatPriceMinor: 0n,
    usagePrices,
    volumeTiers,
    startDate: new Date("2026-09-01T00:00:00Z"),
    endDate: new Date("2027-08-31T00:00:00Z"),
    renewalDate: new Date("2027-08-31T00:00:00Z"),
    paymentTerms: "net_30",
    billingCycle: "monthly",
  }, "analytics test");
  return contract.id;
}

describe("cost by operation", () => {
  it("adds up, for a closed month, to the invoice's usage lines — before and after the invoice is issued (random events and prices)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryPrices, fc.boolean(), fc.constantFrom("usd", "eur", "gbp") as fc.Arbitrary<"usd" | "eur" | "gbp">, fc.array(arbitraryEvent, { minLength: 1, maxLength: 14 }), async (prices, tiered, currency, events) => {
        const tree = await createAnalyticsTree(db, `cost-${run++}`);
        await db.billingAccount.create({ data: { organizationId: tree.child, billToParent: true } });
        const contractId = await monthlyContract(tree.root, currency, prices, tiered ? [{ metric: "api_calls", upTo: 20_000, unitAmountMinor: 90, unitSize: 100 }, { metric: "api_calls", upTo: null, unitAmountMinor: 40, unitSize: 100 }] : []);
        for (const [i, e] of events.entries()) {
          const occurredAt = new Date(Date.UTC(2026, 8, 28 + e.day, e.hour, 7));
          await recordUsage(db, meter, e.child ? tree.child : tree.root, { metric: e.metric, quantity: BigInt(e.quantity), idempotencyKey: `e${i}`, occurredAt, operation: e.operation }, links);
        }
        await rollupUsageAnalytics(db);
        const before = await usageCostByOperation(db, { organizationId: tree.root, ...october, subtree: true });
        const childBefore = await usageCostByOperation(db, { organizationId: tree.child, ...october });

        await invoiceContract(db, contractId, TODAY, links.publicUrl);
        const invoice = await db.invoice.findFirstOrThrow({ where: { contractId, periodStart: new Date("2026-10-01T00:00:00Z") }, include: { lines: { where: { kind: "usage" } } } });
        const after = await usageCostByOperation(db, { organizationId: tree.root, ...october, subtree: true });

        const linesBy = (pick: (l: (typeof invoice.lines)[number]) => boolean) => invoice.lines.filter(pick).reduce((s, l) => s + l.amountMinor, 0n);
        for (const cost of [before, after]) {
          const total = cost.totals.find((t) => t.currency === currency)?.amountMinor ?? 0n;
          expect(total).toBe(linesBy(() => true));
          expect(cost.totals.every((t) => t.currency === currency)).toBe(true);
          for (const metric of ["api_calls", "operations", "storage_bytes"] as const) {
            expect(cost.rows.filter((r) => r.metric === metric).reduce((s, r) => s + r.amountMinor, 0n)).toBe(linesBy((l) => l.metric === metric));
          }
        }
        expect(childBefore.rows.reduce((s, r) => s + r.amountMinor, 0n)).toBe(linesBy((l) => l.organizationId === tree.child));
        // Quantities per operation are those reported in October, for each organization's metric
        // that the invoice charges: a line that prices to nothing (no price, or less than one unit)
        // has no amount to allocate, so its quantity is not behind any cost.
        const charged = new Set(invoice.lines.filter((l) => l.amountMinor > 0n).map((l) => `${l.organizationId} ${l.metric}`));
        const reported = new Map<string, bigint>();
        for (const e of events) {
          const day = new Date(Date.UTC(2026, 8, 28 + e.day)).toISOString().slice(0, 10);
          if (day < october.from || day > october.to || e.quantity === 0 || !charged.has(`${e.child ? tree.child : tree.root} ${e.metric}`)) continue;
          const key = `${e.operation ?? "(none)"} ${e.metric}`;
          reported.set(key, (reported.get(key) ?? 0n) + BigInt(e.quantity));
        }
        const allocated = new Map(before.rows.filter((r) => r.quantity > 0n).map((r) => [`${r.operation} ${r.metric}`, r.quantity]));
        for (const [key, quantity] of allocated) expect(reported.get(key)).toBe(quantity);
      }),
      { numRuns: 8 },
    );
  }, 180_000);

  it("over several billing periods (one invoiced, two priced together now), equals the sum of each month alone", async () => {
    const tree = await createAnalyticsTree(db, "cost-periods");
    await db.billingAccount.create({ data: { organizationId: tree.child, billToParent: true } });
    const contractId = await monthlyContract(
      tree.root,
      "usd",
      { api_calls: { unitAmountMinor: 7, unitSize: 3 }, operations: { unitAmountMinor: 11, unitSize: 1 }, storage_bytes: { unitAmountMinor: 1, unitSize: 1024 } },
      [{ metric: "api_calls", upTo: 5_000, unitAmountMinor: 9, unitSize: 10 }, { metric: "api_calls", upTo: null, unitAmountMinor: 4, unitSize: 10 }],
    );
    const operations = ["export.pdf", "search", "sync/push", undefined] as const;
    for (let i = 0; i < 60; i++) {
      const metric = (["api_calls", "operations", "storage_bytes"] as const)[i % 3]!;
      const occurredAt = new Date(Date.UTC(2026, 8, 1 + ((i * 37) % 88), i % 24, 5));
      await recordUsage(db, meter, i % 2 ? tree.child : tree.root, { metric, quantity: BigInt(100 + ((i * 7919) % 5000)), idempotencyKey: `p${i}`, occurredAt, operation: operations[i % 4] }, links);
    }
    await rollupUsageAnalytics(db);
    await invoiceContract(db, contractId, new Date("2026-10-02T00:00:00Z"), links.publicUrl); // September only
    expect(await db.invoice.count({ where: { contractId } })).toBe(1);

    const query = { organizationId: tree.root, subtree: true } as const;
    const whole = await usageCostByOperation(db, { ...query, from: "2026-09-01", to: "2026-11-30" });
    const months = await Promise.all(
      [["2026-09-01", "2026-09-30"], ["2026-10-01", "2026-10-31"], ["2026-11-01", "2026-11-30"]].map(([from, to]) => usageCostByOperation(db, { ...query, from: from!, to: to! })),
    );
    const byKey = (rows: { operation: string; metric: string; amountMinor: bigint; quantity: bigint }[]) => {
      const out = new Map<string, [bigint, bigint]>();
      for (const r of rows) {
        const [a, q] = out.get(`${r.operation} ${r.metric}`) ?? [0n, 0n];
        out.set(`${r.operation} ${r.metric}`, [a + r.amountMinor, q + r.quantity]);
      }
      return out;
    };
    expect(byKey(whole.rows)).toEqual(byKey(months.flatMap((m) => m.rows)));
    expect(whole.totals[0]!.amountMinor).toBeGreaterThan(0n);
  }, 60_000);
});
