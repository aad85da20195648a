/**
 * Consolidated billing across an organization subtree (`path <@`): usage and
 * invoiced cost rolled up, with the breakdown per organization. The rolled-up
 * figures are the sums of the breakdown's rows, computed in one query each.
 */
import type { Db } from "@atrium/db";
import { notFound } from "../errors.ts";
import { payerOf } from "./accounts.ts";
import type { UsageMetric } from "./pricing.ts";

export interface ConsolidatedRow {
  organizationId: string;
  name: string;
  depth: number;
  parentId: string | null;
  /** The organization that pays this one's invoices. */
  payerOrganizationId: string;
  usage: Record<UsageMetric, bigint>;
  /** Invoiced (non-void) amounts of the period, by currency, from the lines for this organization. */
  costMinor: Partial<Record<"usd" | "eur" | "gbp", bigint>>;
}

export interface Consolidated {
  from: string;
  to: string;
  rows: ConsolidatedRow[];
  totals: { usage: Record<UsageMetric, bigint>; costMinor: Partial<Record<"usd" | "eur" | "gbp", bigint>> };
}

const zeroUsage = (): Record<UsageMetric, bigint> => ({ api_calls: 0n, seats: 0n, storage_bytes: 0n, operations: 0n });

export async function consolidatedBilling(db: Db, rootId: string, range: { from: Date; to: Date }): Promise<Consolidated> {
  const orgs = await db.$queryRaw<{ id: string; name: string; depth: number; parentId: string | null }[]>`
    SELECT o.id::text AS id, o.name, o.depth::int AS depth, o.parent_id::text AS "parentId"
      FROM organizations o, organizations r
     WHERE r.id = ${rootId}::uuid AND o.path <@ r.path AND o.deleted_at IS NULL
     ORDER BY o.path`;
  if (!orgs.length) throw notFound("The organization");
  const ids = orgs.map((o) => o.id);
  // Counters add up over the range; gauges (seats, storage) take their peak.
  const usage = await db.$queryRaw<{ organizationId: string; metric: UsageMetric; quantity: bigint }[]>`
    SELECT organization_id::text AS "organizationId", metric::text AS metric,
           CASE WHEN metric IN ('seats', 'storage_bytes') THEN max(quantity) ELSE sum(quantity) END::bigint AS quantity
      FROM usage_daily_rollups
     WHERE organization_id = ANY(${ids}::uuid[]) AND day BETWEEN ${range.from}::date AND ${range.to}::date
     GROUP BY organization_id, metric`;
  const cost = await db.$queryRaw<{ organizationId: string; currency: "usd" | "eur" | "gbp"; amount: bigint }[]>`
    SELECT l.organization_id::text AS "organizationId", i.currency::text AS currency, sum(l.amount_minor)::bigint AS amount
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE l.organization_id = ANY(${ids}::uuid[]) AND i.status NOT IN ('void', 'draft')
       AND i.period_start <= ${range.to}::date AND i.period_end >= ${range.from}::date
     GROUP BY l.organization_id, i.currency`;

  const rows: ConsolidatedRow[] = [];
  for (const o of orgs) {
    const u = zeroUsage();
    for (const r of usage) if (r.organizationId === o.id) u[r.metric] = r.quantity;
    const c: ConsolidatedRow["costMinor"] = {};
    for (const r of cost) if (r.organizationId === o.id) c[r.currency] = r.amount;
    rows.push({ organizationId: o.id, name: o.name, depth: o.depth, parentId: o.parentId, payerOrganizationId: await payerOf(db, o.id), usage: u, costMinor: c });
  }
  const totals = { usage: zeroUsage(), costMinor: {} as ConsolidatedRow["costMinor"] };
  for (const row of rows) {
    for (const m of Object.keys(row.usage) as UsageMetric[]) totals.usage[m] += row.usage[m];
    for (const [cur, v] of Object.entries(row.costMinor) as ["usd" | "eur" | "gbp", bigint][]) totals.costMinor[cur] = (totals.costMinor[cur] ?? 0n) + v;
  }
  return { from: range.from.toISOString().slice(0, 10), to: range.to.toISOString().slice(0, 10), rows, totals };
}
