import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { AppError } from "../errors.ts";
import { consolidatedBilling } from "./consolidated.ts";
import { createContract, setContractStatus, updateContract, getContract, contractHistory, type StaffActor } from "./contracts.ts";
import { detectOverdue, invoiceContract, listOrgInvoices, invoiceDetail } from "./invoices.ts";
import { renderInvoicePdf } from "./pdf.ts";
import { addDays, utcDay } from "./pricing.ts";
import { recordUsage, meteredQuotas } from "./usage.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const org = demo.organizations;
const staff = (role: StaffActor["role"], email = "finance@atrium.example"): StaffActor => ({ actor: { type: "staff", userId: demo.users[email]!, email }, role });
const finance = staff("finance");
const links = { publicUrl: "http://atrium.test" };
const today = utcDay(new Date());

async function error(call: Promise<unknown>): Promise<AppError> {
  const e = await call.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("demo billing data", () => {
  it("has contracts renewing within 30, 60 and 90 days, an overdue invoice and 180 days of rollups", async () => {
    const contracts = await db.contract.findMany({ select: { organizationId: true, renewalDate: true, status: true } });
    const days = contracts.map((c) => Math.round((c.renewalDate.getTime() - today.getTime()) / 86_400_000)).sort((a, b) => a - b);
    expect(days).toEqual([25, 55, 85, 200]);
    const overdue = await db.invoice.findMany({ where: { status: "open", overdueAt: { not: null } }, select: { organizationId: true } });
    expect(overdue.map((o) => o.organizationId)).toEqual([org["acme"]]);
    const acmeAccount = await db.billingAccount.findUniqueOrThrow({ where: { organizationId: org["acme"]! } });
    expect(acmeAccount.paymentIssueReason).toMatch(/^Invoice AUS-\d{4}-\d{6} is overdue$/);
    const days180 = await db.usageDailyRollup.count({ where: { organizationId: org["umbrella"]!, metric: "api_calls" } });
    expect(days180).toBe(180);
  });

  it("numbers each issuer's invoices sequentially without gaps", async () => {
    const rows = await db.invoice.findMany({ where: { source: "contract" }, select: { issuerId: true, sequenceNumber: true } });
    for (const issuer of new Set(rows.map((r) => r.issuerId))) {
      const seqs = rows.filter((r) => r.issuerId === issuer).map((r) => r.sequenceNumber!).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });

  it("bills Acme's children to Acme on one consolidated invoice with per-organization lines", async () => {
    const inv = await db.invoice.findFirstOrThrow({ where: { organizationId: org["acme"]! }, orderBy: { periodStart: "desc" }, include: { lines: true } });
    const lineOrgs = new Set(inv.lines.map((l) => l.organizationId));
    expect(lineOrgs).toEqual(new Set([org["acme"], org["acmeNorthAmerica"], org["acmeCanada"], org["acmeEmea"]]));
    expect(inv.totalMinor).toBe(inv.lines.reduce((s, l) => s + l.amountMinor, 0n));
  });
});

describe("contracts", () => {
  const terms = {
    name: "Initech Enterprise",
    currency: "usd" as const,
    annualValueMinor: 1_200_000n,
    seats: 50,
    seatPriceMinor: 10_000n,
    usagePrices: { api_calls: { unitAmountMinor: 50, unitSize: 1000 } },
    startDate: addDays(today, -65),
    endDate: addDays(today, 299),
    renewalDate: addDays(today, 240),
    paymentTerms: "net_30" as const,
    billingCycle: "monthly" as const,
    poNumber: "PO-INI-1",
    billingContacts: ["bill.lumbergh@initech.example"],
  };

  it("refuses a CSM (audited) and lets finance create one, with history and the enterprise plan", async () => {
    const denied = await error(createContract(db, staff("csm", "csm@atrium.example"), org["initech"]!, terms, "new deal"));
    expect(denied.code).toBe("FORBIDDEN");
    expect(await db.auditEvent.count({ where: { organizationId: org["initech"]!, action: "access.denied", status: "denied" } })).toBe(1);

    const invalid = await error(createContract(db, finance, org["initech"]!, { ...terms, renewalDate: addDays(today, 400) }, "x"));
    expect([invalid.code, invalid.userMessage]).toEqual(["BAD_REQUEST", "renewalDate: The renewal date cannot be after the end date"]);

    const { id } = await createContract(db, finance, org["initech"]!, terms, "new deal");
    expect(await db.organization.findUniqueOrThrow({ where: { id: org["initech"]! }, select: { plan: true } })).toEqual({ plan: "enterprise" });
    const again = await error(createContract(db, finance, org["initech"]!, terms, "dup"));
    expect(again.code).toBe("CONFLICT");

    const { version } = await updateContract(db, finance, id, 1, { ...terms, seats: 60 }, "expansion");
    expect(version).toBe(2);
    const stale = await error(updateContract(db, finance, id, 1, { ...terms, seats: 70 }, "stale"));
    expect(stale.code).toBe("CONFLICT");
    const history = await contractHistory(db, id);
    expect(history.map((h) => [h.version, h.kind])).toEqual([[2, "updated"], [1, "created"]]);
    expect(history[0]!.changes).toEqual({ seats: { from: 50, to: 60 } });
    expect((await getContract(db, id)).seats).toBe(60);
  });

  it("invoices each ended period once, with the PO number and Net-30 due date, and renders a PDF", async () => {
    const contract = await db.contract.findFirstOrThrow({ where: { organizationId: org["initech"]! } });
    const first = await invoiceContract(db, contract.id, today, links.publicUrl);
    const second = await invoiceContract(db, contract.id, today, links.publicUrl);
    expect(first.length).toBe(2);
    expect(second).toEqual([]);
    const inv = await invoiceDetail(db, first[0]!, org["initech"]!);
    expect(inv.poNumber).toBe("PO-INI-1");
    expect(Math.round((inv.dueDate!.getTime() - inv.issuedAt!.getTime()) / 86_400_000)).toBe(30);
    expect(inv.lines[0]!.amountMinor).toBe(100_000n); // 1,200,000 / 12
    const pdf = await renderInvoicePdf(inv);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const mail = await db.emailOutbox.count({ where: { template: "billing-invoice", toAddress: "bill.lumbergh@initech.example" } });
    expect(mail).toBe(2);
    // Another tenant cannot read it.
    expect((await error(invoiceDetail(db, first[0]!, org["soylent"]!))).code).toBe("NOT_FOUND");
    expect((await listOrgInvoices(db, org["soylent"]!)).length).toBe(0);
  });

  it("flags an open invoice past its due date once", async () => {
    const later = addDays(today, 45);
    const first = await detectOverdue(db, later, links.publicUrl);
    const second = await detectOverdue(db, later, links.publicUrl);
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(0);
  });

  it("a cancelled contract can be reactivated only while no other is live", async () => {
    const contract = await db.contract.findFirstOrThrow({ where: { organizationId: org["initech"]! } });
    await setContractStatus(db, finance, contract.id, "cancelled", "customer left");
    expect((await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe("cancelled");
    await setContractStatus(db, finance, contract.id, "active", "came back");
  });
});

describe("usage metering and quotas", () => {
  const soylent = () => org["soylent"]!; // team: 1,000,000 API calls a month
  const actor = systemActor("test");

  it("records an idempotency key once", async () => {
    const a = await recordUsage(db, actor, soylent(), { metric: "operations", quantity: 10n, idempotencyKey: "op-1" }, links);
    const b = await recordUsage(db, actor, soylent(), { metric: "operations", quantity: 10n, idempotencyKey: "op-1" }, links);
    expect([a.recorded, b.recorded, b.duplicate]).toEqual([true, false, true]);
    expect(await db.usageEvent.count({ where: { organizationId: soylent(), idempotencyKey: "op-1" } })).toBe(1);
  });

  it("under concurrency, refuses with 402 exactly the reports past the hard limit and records nothing twice", async () => {
    const quotas = await meteredQuotas(db, soylent());
    const api = quotas.find((q) => q.metric === "api_calls")!;
    const room = BigInt(api.limit!) - api.used;
    // 20 concurrent reports of a tenth of the room each (half of them cannot fit), plus a duplicate of each key.
    const chunk = room / 10n;
    const reports = Array.from({ length: 20 }, (_, i) => ({ metric: "api_calls" as const, quantity: chunk, idempotencyKey: `burst-${i}` }));
    const results = await Promise.allSettled([...reports, ...reports].map((r) => recordUsage(db, actor, soylent(), r, links)));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(refused.map((e) => e.code ?? String(e))).toEqual(refused.map(() => "PAYMENT_REQUIRED"));
    // 10 of the 20 keys fit; their duplicates are no-ops; the other 10 keys are refused both times.
    expect(refused.length).toBe(20);

    const recordedKeys = await db.usageEvent.findMany({ where: { organizationId: soylent(), idempotencyKey: { startsWith: "burst-" } }, select: { idempotencyKey: true } });
    expect(recordedKeys.length).toBe(10);
    expect(new Set(recordedKeys.map((k) => k.idempotencyKey)).size).toBe(10);
    const after = (await meteredQuotas(db, soylent())).find((q) => q.metric === "api_calls")!;
    expect(after.used).toBe(api.used + chunk * 10n);
    expect(after.used <= BigInt(api.limit!)).toBe(true);
    // The 80 % and 100 % warnings were each sent once.
    const alerts = await db.usageQuotaAlert.findMany({ where: { organizationId: soylent(), metric: "api_calls" }, select: { threshold: true } });
    expect(alerts.map((a) => a.threshold).sort()).toEqual(after.used === BigInt(api.limit!) ? [80, 100] : [80]);
    expect(await db.auditEvent.count({ where: { organizationId: soylent(), action: "usage.quota_exceeded" } })).toBe(refused.length);
  });
});

describe("consolidated billing", () => {
  it("equals the sum of the subtree, organization by organization", async () => {
    const from = addDays(today, -90);
    const result = await consolidatedBilling(db, org["acme"]!, { from, to: today });
    expect(result.rows.map((r) => r.organizationId).sort()).toEqual([org["acme"], org["acmeNorthAmerica"], org["acmeCanada"], org["acmeEmea"]].sort());
    const [direct] = await db.$queryRaw<{ total: bigint }[]>`
      SELECT sum(quantity)::bigint AS total FROM usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id
       WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${org["acme"]}::uuid) AND metric = 'api_calls' AND day BETWEEN ${from}::date AND ${today}::date`;
    expect(result.totals.usage.api_calls).toBe(direct!.total);
    expect(result.totals.usage.api_calls).toBe(result.rows.reduce((s, r) => s + r.usage.api_calls, 0n));
    const [cost] = await db.$queryRaw<{ total: bigint }[]>`
      SELECT sum(l.amount_minor)::bigint AS total FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE i.payer_organization_id = ${org["acme"]}::uuid AND i.status NOT IN ('void', 'draft') AND i.period_start <= ${today}::date AND i.period_end >= ${from}::date`;
    expect(result.totals.costMinor.usd ?? 0n).toBe(cost!.total ?? 0n);
    expect(result.rows.find((r) => r.organizationId === org["acmeCanada"])!.payerOrganizationId).toBe(org["acme"]);
  });
});
