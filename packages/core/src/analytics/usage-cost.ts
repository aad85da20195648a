/**
 * Cost by operation: what usage costs, priced by the same code as invoices
 * (billing's `pricePeriod` → `computeInvoice`), then allocated to operations.
 *
 * For each organization in scope, its payer's contracts' billing periods that
 * meet the range (or the previous period) are priced: a period with an issued
 * (non-void) invoice uses that invoice's usage lines as issued; the other
 * periods of a contract are priced now, together, from the current rollups
 * (billing's `pricePeriods`: one statement for all of them; an estimate while
 * the period is open: a volume tier may still change). Each usage line (organization,
 * metric, amount) is then split over that organization's (operation, day)
 * cells of the period in proportion to their reported quantity (read from the
 * per-operation daily level, `usage_analytics_operations_daily`), by largest
 * remainder (floor shares, then one minor unit each to the largest
 * remainders, ties by operation then day), so the cells add up to the line to
 * the minor unit. A line whose metric has no analytics events in the period
 * (usage metered before operations existed, or rollups not yet caught up) is
 * attributed to the operation `(none)` on the period's last day. Figures sum
 * the cells whose day falls in the range: a closed month's total therefore
 * equals its invoice's usage lines exactly. Seats are invoiced as seat lines,
 * not usage, and are not allocated. Money is in minor units per currency.
 */
import type { Db } from "@atrium/db";
import { payersOf } from "../billing/accounts.ts";
import { billedOrganizations, contractPeriods, pricePeriods } from "../billing/invoices.ts";
import type { UsageMetric } from "../billing/pricing.ts";
import { dayString, resolveRange, type UsageQuery } from "./usage-range.ts";
import type { PeriodBounds } from "./usage-queries.ts";

export type Currency = "usd" | "eur" | "gbp";
export const UNEXPLAINED_OPERATION = "(none)";

export interface CostRow {
  operation: string;
  metric: UsageMetric;
  currency: Currency;
  quantity: bigint;
  amountMinor: bigint;
  previousAmountMinor: bigint | null;
}
export interface UsageCost extends PeriodBounds {
  rows: CostRow[];
  totals: { currency: Currency; amountMinor: bigint; previousAmountMinor: bigint | null }[];
}

interface Cell {
  key: string;
  weight: bigint;
}

/** Splits `amount` over cells in proportion to their weights so the parts add up exactly (largest remainder). */
export function allocateLargestRemainder(amount: bigint, cells: readonly Cell[]): bigint[] {
  const total = cells.reduce((s, c) => s + c.weight, 0n);
  if (total <= 0n) throw new RangeError("allocation needs a positive total weight");
  const sign = amount < 0n ? -1n : 1n;
  const abs = amount * sign;
  const parts = cells.map((c) => (abs * c.weight) / total);
  let left = abs - parts.reduce((s, p) => s + p, 0n);
  // Remainders are below `total`: compared as numbers when that is exact (the common case, and much faster than bigint).
  const exact = total <= BigInt(Number.MAX_SAFE_INTEGER);
  const order = cells
    .map((c, i) => {
      const rem = (abs * c.weight) % total;
      return { i, rem, n: exact ? Number(rem) : 0, key: c.key };
    })
    .sort((a, b) => (exact ? b.n - a.n : a.rem > b.rem ? -1 : a.rem < b.rem ? 1 : 0) || a.key.localeCompare(b.key));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts.map((p) => p * sign);
}

interface PricedLine {
  organizationId: string;
  metric: UsageMetric;
  amountMinor: bigint;
  currency: Currency;
  start: string;
  end: string;
}

/** Usage lines of every billing period that meets [lo, hi], for the organizations in scope. */
async function pricedLines(db: Db, scope: readonly string[], lo: string, hi: string): Promise<PricedLine[]> {
  const payers = new Set((await payersOf(db, scope)).values());
  const inScope = new Set(scope);
  const contracts = await db.contract.findMany({ where: { organizationId: { in: [...payers] } }, orderBy: { startDate: "asc" } });
  const lines: PricedLine[] = [];
  for (const contract of contracts) {
    const periods = contractPeriods(contract).filter((p) => dayString(p.start) <= hi && dayString(p.end) >= lo);
    if (!periods.length) continue;
    const invoices = await db.invoice.findMany({
      where: { contractId: contract.id, status: { not: "void" }, periodStart: { in: periods.map((p) => p.start) } },
      select: { periodStart: true, lines: { where: { kind: "usage" }, select: { organizationId: true, metric: true, amountMinor: true } } },
    });
    const issued = new Map(invoices.map((i) => [dayString(i.periodStart), i.lines]));
    // The periods without an invoice priced now, all in one statement.
    const open = periods.filter((p) => !issued.has(dayString(p.start)));
    const priced = open.length ? await pricePeriods(db, contract, open, await billedOrganizations(db, contract.organizationId)) : [];
    const estimates = new Map(open.map((p, i) => [dayString(p.start), priced[i]!.lines.filter((l) => l.kind === "usage")]));
    for (const period of periods) {
      const start = dayString(period.start);
      const usage = issued.get(start) ?? estimates.get(start)!;
      for (const l of usage) {
        if (!l.metric || !inScope.has(l.organizationId) || l.amountMinor === 0n) continue;
        lines.push({ organizationId: l.organizationId, metric: l.metric, amountMinor: l.amountMinor, currency: contract.currency, start, end: dayString(period.end) });
      }
    }
  }
  return lines;
}

/** Cost per operation and metric over the range (and the previous period when `compare`). */
export async function usageCostByOperation(db: Db, query: UsageQuery & { compare?: boolean | undefined }): Promise<UsageCost> {
  const r = await resolveRange(db, query);
  const lo = query.compare ? r.previousFrom : r.from;
  const lines = await pricedLines(db, r.organizationIds, lo, r.to);
  const first = lines.reduce((m, l) => (l.start < m ? l.start : m), lo);
  const last = lines.reduce((m, l) => (l.end > m ? l.end : m), r.to);
  // The (operation, day) cells' quantities per organization and metric, from the per-operation daily level: one row per
  // organization and metric, its cells as JSON [operation, day, quantity as text] (a year holds tens of thousands of cells).
  const weights = await db.$queryRaw<{ organizationId: string; metric: UsageMetric; cells: [string, string, string][] }[]>`
    SELECT d.organization_id::text AS "organizationId", m.metric::text AS metric, json_agg(json_build_array(d.operation, d.day, m.quantity::text)) AS cells
      FROM usage_analytics_operations_daily d, unnest(d.metrics, d.metric_quantities) AS m (metric, quantity)
     WHERE d.organization_id = ANY(${r.organizationIds}::uuid[]) AND d.day BETWEEN ${first}::date AND ${last}::date
       AND m.metric <> 'seats' AND m.quantity > 0
     GROUP BY 1, 2`;
  const cellsOf = new Map(
    weights.map((w) => [`${w.organizationId} ${w.metric}`, w.cells.map(([operation, day, quantity]) => ({ operation, metric: w.metric, day, quantity: BigInt(quantity) }))]),
  );

  const acc = new Map<string, CostRow>();
  const add = (operation: string, metric: UsageMetric, currency: Currency, day: string, amount: bigint, quantity: bigint) => {
    const current = day >= r.from && day <= r.to;
    const previous = query.compare && day >= r.previousFrom && day <= r.previousTo;
    if (!current && !previous) return;
    const key = `${operation}\u0000${metric}\u0000${currency}`;
    const row = acc.get(key) ?? acc.set(key, { operation, metric, currency, quantity: 0n, amountMinor: 0n, previousAmountMinor: query.compare ? 0n : null }).get(key)!;
    if (current) {
      row.amountMinor += amount;
      row.quantity += quantity;
    } else row.previousAmountMinor = (row.previousAmountMinor ?? 0n) + amount;
  };
  for (const line of lines) {
    const mine = (cellsOf.get(`${line.organizationId} ${line.metric}`) ?? []).filter((c) => c.day >= line.start && c.day <= line.end);
    if (!mine.length) {
      add(UNEXPLAINED_OPERATION, line.metric, line.currency, line.end, line.amountMinor, 0n);
      continue;
    }
    const parts = allocateLargestRemainder(line.amountMinor, mine.map((c) => ({ key: `${c.operation}\u0000${c.day}`, weight: c.quantity })));
    mine.forEach((c, i) => add(c.operation, c.metric, line.currency, c.day, parts[i]!, c.quantity));
  }
  const rows = [...acc.values()].sort((a, b) => a.currency.localeCompare(b.currency) || (b.amountMinor > a.amountMinor ? 1 : b.amountMinor < a.amountMinor ? -1 : 0) || a.operation.localeCompare(b.operation) || a.metric.localeCompare(b.metric));
  const totals = new Map<Currency, UsageCost["totals"][number]>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? totals.set(row.currency, { currency: row.currency, amountMinor: 0n, previousAmountMinor: query.compare ? 0n : null }).get(row.currency)!;
    t.amountMinor += row.amountMinor;
    if (t.previousAmountMinor !== null) t.previousAmountMinor += row.previousAmountMinor ?? 0n;
  }
  return { from: r.from, to: r.to, previousFrom: r.previousFrom, previousTo: r.previousTo, rows, totals: [...totals.values()] };
}
