/**
 * Test and demo fixtures for customer-success data: contracts, usage,
 * tickets, NPS and invoices written straight to their tables (the billing
 * and support services are not under test here).
 */
import type { DbOrTx } from "@atrium/db";

const DAY = 86_400_000;
export const dateOnly = (d: Date) => new Date(`${d.toISOString().slice(0, 10)}T00:00:00Z`);
export const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

export async function insertContract(
  db: DbOrTx,
  organizationId: string,
  c: { seats: number; arrMinor: number; start: Date; renewal: Date; csmUserId?: string | null; billingContacts?: string[]; slaUptime?: number; slaP99?: number; supportLevel?: "standard" | "business" | "premium" | "dedicated" },
): Promise<string> {
  const end = addDays(c.renewal, 1);
  const row = await db.contract.create({
    data: {
      organizationId,
      issuerId: "atrium-us",
      name: "Enterprise agreement",
      currency: "usd",
      annualValueMinor: BigInt(c.arrMinor),
      seats: c.seats,
      startDate: dateOnly(c.start),
      endDate: dateOnly(end > c.renewal ? end : addDays(c.renewal, 1)),
      renewalDate: dateOnly(c.renewal),
      csmUserId: c.csmUserId ?? null,
      billingContacts: c.billingContacts ?? [],
      slaUptimePercent: c.slaUptime ?? null,
      slaP99LatencyMs: c.slaP99 ?? null,
      slaSupportLevel: c.supportLevel ?? "premium",
    },
    select: { id: true },
  });
  return row.id;
}

export async function insertRollup(db: DbOrTx, organizationId: string, metric: "api_calls" | "operations" | "seats" | "storage_bytes", day: Date, quantity: number) {
  await db.usageDailyRollup.upsert({
    where: { organizationId_metric_day: { organizationId, metric, day: dateOnly(day) } },
    create: { organizationId, metric, day: dateOnly(day), quantity: BigInt(quantity), events: 1 },
    update: { quantity: BigInt(quantity) },
  });
}

let eventSeq = 0;
export async function insertFeatureUse(db: DbOrTx, organizationId: string, feature: string, at: Date) {
  await db.usageEvent.create({
    data: { organizationId, metric: "operations", quantity: 1n, idempotencyKey: `fixture-${eventSeq++}-${at.getTime()}`, occurredAt: at, properties: { feature } },
    select: { id: true },
  });
}

export async function insertOverdueInvoice(db: DbOrTx, organizationId: string, dueDate: Date, number: string) {
  await db.invoice.create({
    data: {
      organizationId,
      payerOrganizationId: organizationId,
      source: "manual",
      status: "open",
      currency: "usd",
      number,
      periodStart: dateOnly(addDays(dueDate, -60)),
      periodEnd: dateOnly(addDays(dueDate, -30)),
      dueDate: dateOnly(dueDate),
    },
    select: { id: true },
  });
}
