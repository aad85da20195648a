/**
 * Billing demo data: contracts for the enterprise customers with renewals
 * spread over the next 30/60/90+ days, child organizations of Acme billed to
 * their parent, 180 days of usage rollups with distinct trends (growing,
 * flat, declining, spiky) for the health-score and usage charts, and the
 * invoices those contracts have produced — mostly paid, the latest open, one
 * overdue.
 */
import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { createContract, type StaffActor, type TContractTermsInput } from "./contracts.ts";
import { detectOverdue, runInvoicing } from "./invoices.ts";
import { addDays, addMonths, utcDay } from "./pricing.ts";

const DEMO_URL = "http://localhost:3000";

/** Usage shape per organization: daily base of each metric and the trend over 180 days (fraction of change). */
const USAGE: Record<string, { apiCalls: number; operations: number; storageGb: number; seats: number; trend: number; spiky?: boolean }> = {
  acme: { apiCalls: 1_600_000, operations: 90_000, storageGb: 800, seats: 380, trend: 0.45 },
  acmeNorthAmerica: { apiCalls: 700_000, operations: 30_000, storageGb: 240, seats: 120, trend: 0.3 },
  acmeCanada: { apiCalls: 150_000, operations: 8_000, storageGb: 40, seats: 35, trend: 0.2 },
  acmeEmea: { apiCalls: 420_000, operations: 21_000, storageGb: 150, seats: 90, trend: 0.6 },
  globex: { apiCalls: 900_000, operations: 50_000, storageGb: 500, seats: 240, trend: 0.02 },
  globexUk: { apiCalls: 200_000, operations: 9_000, storageGb: 60, seats: 45, trend: 0 },
  umbrella: { apiCalls: 1_200_000, operations: 70_000, storageGb: 900, seats: 610, trend: -0.45 },
  umbrellaLabs: { apiCalls: 160_000, operations: 6_000, storageGb: 80, seats: 40, trend: -0.3 },
  tyrell: { apiCalls: 300_000, operations: 25_000, storageGb: 120, seats: 110, trend: 0.25, spiky: true },
  initech: { apiCalls: 120_000, operations: 9_000, storageGb: 60, seats: 60, trend: 0.05 },
  soylent: { apiCalls: 12_000, operations: 900, storageGb: 8, seats: 14, trend: 0.1 },
};

async function seedUsage(db: Db, organizations: Record<string, string>, today: Date) {
  for (const [key, u] of Object.entries(USAGE)) {
    const organizationId = organizations[key];
    if (!organizationId) continue;
    // i = 0 is 179 days ago; weekday rhythm, a trend, deterministic noise, and for "spiky" a burst every 3 weeks.
    await db.$executeRaw`
      INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
      SELECT ${organizationId}::uuid, m.metric::usage_metric, (${today}::date - 179 + i),
             GREATEST(0, round(m.base
               * (1 + ${u.trend}::float8 * i / 179.0)
               * (CASE WHEN m.metric IN ('seats', 'storage_bytes') THEN 1 ELSE
                   (CASE WHEN extract(isodow FROM (${today}::date - 179 + i)) IN (6, 7) THEN 0.45 ELSE 1 END)
                   * (0.9 + 0.2 * abs(sin(i * 12.9898 + ${key.length}) ))
                   * (CASE WHEN ${u.spiky ?? false} AND i % 21 < 2 THEN 2.6 ELSE 1 END) END)))::bigint,
             CASE WHEN m.metric IN ('seats', 'storage_bytes') THEN 1 ELSE 24 END
        FROM generate_series(0, 179) AS i,
             (VALUES ('api_calls', ${u.apiCalls}::float8), ('operations', ${u.operations}::float8),
                     ('storage_bytes', ${u.storageGb * 1024 ** 3}::float8), ('seats', ${u.seats}::float8)) AS m(metric, base)
      ON CONFLICT DO NOTHING`;
  }
}

export async function seedBilling(db: Db, demo: { organizations: Record<string, string>; users: Record<string, string> }, now = new Date()): Promise<void> {
  const today = utcDay(now);
  const org = demo.organizations;
  const user = demo.users;
  const finance: StaffActor = { actor: systemActor("demo-seed"), role: "finance" };
  await seedUsage(db, org, today);

  // Acme's children are billed to Acme (one consolidated invoice).
  for (const key of ["acmeNorthAmerica", "acmeCanada", "acmeEmea"]) {
    if (org[key]) await db.billingAccount.create({ data: { organizationId: org[key], billToParent: true }, select: { id: true } });
  }
  if (org["acme"]) await db.billingAccount.create({ data: { organizationId: org["acme"], billingName: "Acme Corp Accounts Payable", billingEmail: "ap@acme.example" }, select: { id: true } });

  const csm = user["csm@atrium.example"] ?? null;
  const csm2 = user["jordan.lee@atrium.example"] ?? null;
  const ae = user["sales@atrium.example"] ?? null;
  /** A contract of `years` that ends (and renews) `renewalInDays` from today. */
  const contract = (years: number, renewalInDays: number, terms: Omit<TContractTermsInput, "startDate" | "endDate" | "renewalDate">): TContractTermsInput => {
    const end = addDays(today, renewalInDays);
    return { ...terms, startDate: addMonths(addDays(end, 1), -12 * years), endDate: end, renewalDate: end };
  };
  const specs: [string, TContractTermsInput][] = [
    [
      "acme",
      contract(1, 25, {
        name: "Acme Enterprise Agreement 2026",
        currency: "usd",
        annualValueMinor: 24_000_000n,
        seats: 700,
        seatPriceMinor: 40_000n,
        usagePrices: { operations: { unitAmountMinor: 5, unitSize: 100 }, storage_bytes: { unitAmountMinor: 2, unitSize: 1024 ** 3 } },
        volumeTiers: [
          { metric: "api_calls", upTo: 150_000_000, unitAmountMinor: 40, unitSize: 1000 },
          { metric: "api_calls", upTo: 400_000_000, unitAmountMinor: 30, unitSize: 1000 },
          { metric: "api_calls", upTo: null, unitAmountMinor: 20, unitSize: 1000 },
        ],
        committedAmountMinor: 30_000_000n,
        paymentTerms: "net_30",
        billingCycle: "quarterly",
        poNumber: "PO-ACME-2026-118",
        slaUptimePercent: 99.95,
        slaP99LatencyMs: 250,
        slaSupportLevel: "premium",
        csmUserId: csm,
        accountExecutiveUserId: ae,
        billingContacts: ["ap@acme.example", "admin@acme.example"],
        notes: "Consolidated billing for the Acme group.",
      }),
    ],
    [
      "globex",
      contract(1, 55, {
        name: "Globex Master Subscription Agreement",
        currency: "eur",
        annualValueMinor: 18_000_000n,
        seats: 300,
        seatPriceMinor: 36_000n,
        usagePrices: { api_calls: { unitAmountMinor: 35, unitSize: 1000 }, operations: { unitAmountMinor: 4, unitSize: 100 } },
        paymentTerms: "net_60",
        billingCycle: "monthly",
        poNumber: "4500012345",
        slaUptimePercent: 99.9,
        slaP99LatencyMs: 400,
        slaSupportLevel: "business",
        csmUserId: csm2,
        accountExecutiveUserId: ae,
        billingContacts: ["it@globex.example"],
      }),
    ],
    [
      "umbrella",
      contract(1, 85, {
        name: "Umbrella Health Enterprise (HIPAA)",
        currency: "usd",
        annualValueMinor: 42_000_000n,
        seats: 800,
        seatPriceMinor: 45_000n,
        usagePrices: { api_calls: { unitAmountMinor: 30, unitSize: 1000 } },
        committedAmountMinor: 12_000_000n,
        paymentTerms: "net_90",
        billingCycle: "annual",
        slaUptimePercent: 99.99,
        slaP99LatencyMs: 200,
        slaSupportLevel: "dedicated",
        csmUserId: csm,
        accountExecutiveUserId: ae,
        billingContacts: ["security@umbrella.example"],
      }),
    ],
    [
      "tyrell",
      contract(2, 200, {
        name: "Tyrell Analytics Two-Year Agreement",
        currency: "gbp",
        annualValueMinor: 9_600_000n,
        seats: 150,
        seatPriceMinor: 30_000n,
        usagePrices: { api_calls: { unitAmountMinor: 32, unitSize: 1000 }, operations: { unitAmountMinor: 3, unitSize: 100 } },
        paymentTerms: "net_30",
        billingCycle: "quarterly",
        poNumber: "TY-PO-7731",
        slaUptimePercent: 99.9,
        slaP99LatencyMs: 300,
        slaSupportLevel: "business",
        csmUserId: csm2,
        accountExecutiveUserId: ae,
        billingContacts: ["admin@tyrell.example"],
      }),
    ],
  ];
  for (const [key, terms] of specs) {
    if (!org[key]) continue;
    await createContract(db, finance, org[key], terms, "Signed order form (demo data)");
  }
  const globexContract = org["globex"] ? await db.contract.findFirst({ where: { organizationId: org["globex"] }, select: { id: true } }) : null;
  if (globexContract) await db.contract.update({ where: { id: globexContract.id }, data: { status: "renewal_pending" }, select: { id: true } });

  await runInvoicing(db, today, DEMO_URL);
  // Settle history: every invoice paid except each contract's latest; Acme's latest quarter stays open past its due date.
  const invoices = await db.invoice.findMany({ where: { source: "contract" }, orderBy: { periodStart: "desc" }, select: { id: true, contractId: true, organizationId: true, totalMinor: true, issuedAt: true, dueDate: true } });
  const latest = new Set<string>();
  for (const inv of invoices) {
    const keepOpen = !latest.has(inv.contractId!) && (inv.dueDate! >= today || inv.organizationId === org["acme"]);
    latest.add(inv.contractId!);
    if (keepOpen) continue;
    const paidAt = addDays(inv.issuedAt!, 21);
    await db.invoice.update({ where: { id: inv.id }, data: { status: "paid", amountPaidMinor: inv.totalMinor, paidAt: paidAt > now ? now : paidAt }, select: { id: true } });
  }
  await detectOverdue(db, today, DEMO_URL);
}
