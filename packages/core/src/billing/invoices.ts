/**
 * Contract invoices. The invoicing job walks each contract's billing periods;
 * for every period that has ended and has no (non-void) invoice yet, it prices
 * the period (pricing.ts) from the contract and the usage rollups of the
 * organizations it pays for, takes the issuer's next number under a row lock
 * (gapless, sequential per issuer), and queues the invoice e-mail to the
 * billing contacts — all in one transaction, so a rerun after a crash never
 * bills a period twice (a partial unique index backs this up).
 * Overdue detection flags open invoices past their due date once, marks the
 * account's payment issue (a health signal) and sends a reminder.
 */
import type { Db, Tx } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { AppError, notFound } from "../errors.ts";
import { billingRecipients, payerOf, payersOf } from "./accounts.ts";
import { invoiceEmail, invoiceOverdueEmail } from "./emails.ts";
import { formatMoney } from "./money.ts";
import { addDays, billingPeriods, computeInvoice, CYCLE_MONTHS, dueDateFor, utcDay, type BillingPeriod, type ComputedInvoice, type ContractPricing, type UnitPrice, type VolumeTier } from "./pricing.ts";
import type { StaffActor } from "./contracts.ts";

const jobActor = systemActor("billing-invoices");
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Organizations whose usage this organization pays for: itself and descendants that bill (transitively) to it. */
export async function billedOrganizations(db: Db | Tx, organizationId: string): Promise<string[]> {
  const subtree = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text AS id FROM organizations o, organizations r
     WHERE r.id = ${organizationId}::uuid AND o.path <@ r.path AND o.deleted_at IS NULL ORDER BY o.depth`;
  const payers = await payersOf(db, subtree.map((o) => o.id));
  return subtree.map((o) => o.id).filter((id) => id === organizationId || payers.get(id) === organizationId);
}

async function takeNumber(tx: Tx, issuerId: string, issuedOn: Date): Promise<{ sequenceNumber: number; number: string }> {
  const [row] = await tx.$queryRaw<{ seq: number; prefix: string }[]>`
    UPDATE invoice_issuers SET next_number = next_number + 1 WHERE id = ${issuerId} RETURNING next_number - 1 AS seq, prefix`;
  if (!row) throw new Error(`unknown invoice issuer ${issuerId}`);
  return { sequenceNumber: row.seq, number: `${row.prefix}-${issuedOn.getUTCFullYear()}-${String(row.seq).padStart(6, "0")}` };
}

function pricingOf(contract: { currency: "usd" | "eur" | "gbp"; annualValueMinor: bigint; seats: number; seatPriceMinor: bigint; usagePrices: unknown; volumeTiers: unknown; committedAmountMinor: bigint }): ContractPricing {
  return {
    currency: contract.currency,
    annualValueMinor: contract.annualValueMinor,
    seats: contract.seats,
    seatPriceMinor: contract.seatPriceMinor,
    usagePrices: contract.usagePrices as Partial<Record<"api_calls" | "operations" | "storage_bytes", UnitPrice>>,
    volumeTiers: contract.volumeTiers as VolumeTier[],
    committedAmountMinor: contract.committedAmountMinor,
  };
}

type PricedContract = Parameters<typeof pricingOf>[0] & { id: string; organizationId: string; billingCycle: keyof typeof CYCLE_MONTHS };

/**
 * What one billing period of a contract costs, from the usage rollups of the organizations it pays
 * for: the invoice the period gets (or got) when nothing changes in between. The invoicing job and
 * usage analytics (cost by operation) both price through here, so they cannot disagree. `billed`:
 * billedOrganizations(contract's organization), when the caller prices several periods at once.
 */
export async function pricePeriod(tx: Db | Tx, contract: PricedContract, period: BillingPeriod, billed?: readonly string[]): Promise<ComputedInvoice> {
  return (await pricePeriods(tx, contract, [period], billed))[0]!;
}

/**
 * pricePeriod for several periods of one contract, in one statement for all of them: per period its usage per
 * organization and metric (the sum of a counter, the peak of a gauge), its peak seats (the organizations' seats
 * added up per day), and the usage already invoiced earlier in its contract year. Same order as `periods`.
 */
export async function pricePeriods(tx: Db | Tx, contract: PricedContract, periods: readonly BillingPeriod[], billed?: readonly string[]): Promise<ComputedInvoice[]> {
  if (!periods.length) return [];
  const orgIds = billed ? [...billed] : await billedOrganizations(tx, contract.organizationId);
  const rows = await tx.$queryRaw<{ n: number; organizationId: string | null; metric: "api_calls" | "operations" | "storage_bytes" | null; quantity: bigint | null; seats: bigint | null; spent: bigint | null }[]>`
    WITH p AS (
      SELECT * FROM unnest(${periods.map((x) => x.start)}::date[], ${periods.map((x) => x.end)}::date[], ${periods.map((x) => x.contractYearStart)}::date[])
        WITH ORDINALITY AS p (start, finish, year_start, n))
    SELECT p.n::int AS n, u.organization_id::text AS "organizationId", u.metric::text AS metric, u.quantity, NULL::bigint AS seats, NULL::bigint AS spent
      FROM p CROSS JOIN LATERAL (
        SELECT organization_id, metric, CASE WHEN metric = 'storage_bytes' THEN max(quantity) ELSE sum(quantity) END::bigint AS quantity
          FROM usage_daily_rollups
         WHERE organization_id = ANY(${orgIds}::uuid[]) AND day BETWEEN p.start AND p.finish AND metric <> 'seats'
         GROUP BY organization_id, metric) u
    UNION ALL
    SELECT p.n::int, NULL, NULL, NULL,
           (SELECT max(total)::bigint FROM (
              SELECT day, sum(quantity) AS total FROM usage_daily_rollups
               WHERE organization_id = ANY(${orgIds}::uuid[]) AND metric = 'seats' AND day BETWEEN p.start AND p.finish GROUP BY day) d),
           (SELECT sum(l.amount_minor)::bigint FROM invoice_lines l JOIN invoices inv ON inv.id = l.invoice_id
             WHERE inv.contract_id = ${contract.id}::uuid AND inv.status <> 'void' AND l.kind = 'usage'
               AND inv.period_start >= p.year_start AND inv.period_start < p.start)
      FROM p`;
  return periods.map((period, i) => {
    const mine = rows.filter((r) => r.n === i + 1);
    const totals = mine.find((r) => r.organizationId === null)!;
    return computeInvoice(pricingOf(contract), {
      organizationId: contract.organizationId,
      cycleMonths: CYCLE_MONTHS[contract.billingCycle],
      periodDays: period.periodDays,
      coveredDays: period.coveredDays,
      usage: mine.filter((r) => r.organizationId !== null).map((r) => ({ organizationId: r.organizationId!, metric: r.metric!, quantity: r.quantity! })),
      peakSeats: Number(totals.seats ?? 0n),
      closesContractYear: period.closesContractYear,
      usageSpentEarlierInYearMinor: totals.spent ?? 0n,
    });
  });
}

async function invoicePeriod(db: Db, contractId: string, period: BillingPeriod, issuedOn: Date, publicUrl: string): Promise<string | null> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM contracts WHERE id = ${contractId}::uuid FOR UPDATE`;
      const contract = await tx.contract.findUniqueOrThrow({ where: { id: contractId } });
      const exists = await tx.invoice.count({ where: { contractId, periodStart: period.start, status: { not: "void" } } });
      if (exists) return null;
      const computed = await pricePeriod(tx, contract, period);
      const { sequenceNumber, number } = await takeNumber(tx, contract.issuerId, issuedOn);
      const dueDate = dueDateFor(issuedOn, contract.paymentTerms);
      const invoice = await tx.invoice.create({
        data: {
          organizationId: contract.organizationId,
          payerOrganizationId: await payerOf(tx, contract.organizationId),
          contractId,
          issuerId: contract.issuerId,
          source: "contract",
          sequenceNumber,
          number,
          status: "open",
          currency: contract.currency,
          subtotalMinor: computed.subtotalMinor,
          totalMinor: computed.totalMinor,
          periodStart: period.start,
          periodEnd: period.end,
          paymentTerms: contract.paymentTerms,
          poNumber: contract.poNumber,
          issuedAt: issuedOn,
          dueDate,
          lines: {
            create: computed.lines.map((l, position) => ({
              organizationId: l.organizationId,
              position,
              kind: l.kind,
              description: l.description,
              metric: l.metric,
              quantity: l.quantity,
              unitAmountMinor: l.unitAmountMinor,
              unitSize: l.unitSize,
              amountMinor: l.amountMinor,
              periodStart: period.start,
              periodEnd: period.end,
            })),
          },
        },
        select: { id: true },
      });
      await recordAudit(tx, jobActor, {
        action: "invoice.create",
        organizationId: contract.organizationId,
        resource: { type: "invoice", id: invoice.id },
        details: { number, contractId, periodStart: iso(period.start), periodEnd: iso(period.end), totalMinor: computed.totalMinor.toString(), currency: contract.currency, lines: computed.lines.length },
      });
      const org = await tx.organization.findUniqueOrThrow({ where: { id: contract.organizationId }, select: { name: true } });
      const recipients = contract.billingContacts.length ? contract.billingContacts : await billingRecipients(tx, contract.organizationId);
      const email = invoiceEmail({
        organizationName: org.name,
        number,
        amount: formatMoney(computed.totalMinor, contract.currency),
        dueDate: iso(dueDate),
        poNumber: contract.poNumber,
        invoiceUrl: `${publicUrl}/admin/orgs/${contract.organizationId}/billing`,
      });
      for (const to of recipients) await enqueueEmail(tx, { ...email, to, organizationId: contract.organizationId });
      if (recipients.length) {
        await tx.invoice.update({ where: { id: invoice.id }, data: { emailedAt: new Date() }, select: { id: true } });
        await recordAudit(tx, jobActor, { action: "invoice.send", organizationId: contract.organizationId, resource: { type: "invoice", id: invoice.id }, details: { number, recipients: recipients.length } });
      }
      return invoice.id;
    });
  } catch (error) {
    if (/invoices_contract_period_key|P2002/.test(`${(error as { code?: string }).code ?? ""} ${(error as Error).message}`)) return null;
    throw error;
  }
}

/** A contract's billing periods, the last one cut where it ended (its end date, or the day it was cancelled). */
export function contractPeriods(contract: { startDate: Date; endDate: Date; billingCycle: keyof typeof CYCLE_MONTHS; status: string; cancelledAt: Date | null }): BillingPeriod[] {
  const end = contract.status === "cancelled" && contract.cancelledAt && utcDay(contract.cancelledAt) < contract.endDate ? utcDay(contract.cancelledAt) : contract.endDate;
  return billingPeriods(contract.startDate, end, CYCLE_MONTHS[contract.billingCycle]);
}

/** Invoices every ended, unbilled period of one contract (up to `today`). */
export async function invoiceContract(db: Db, contractId: string, today: Date, publicUrl: string): Promise<string[]> {
  const contract = await db.contract.findUnique({ where: { id: contractId }, select: { startDate: true, endDate: true, billingCycle: true, status: true, cancelledAt: true } });
  if (!contract) throw notFound("The contract");
  const day = utcDay(today);
  const created: string[] = [];
  for (const period of contractPeriods(contract)) {
    if (period.end >= day) break;
    const id = await invoicePeriod(db, contractId, period, addDays(period.end, 1), publicUrl);
    if (id) created.push(id);
  }
  return created;
}

export async function runInvoicing(db: Db, today: Date, publicUrl: string): Promise<{ contracts: number; invoices: number }> {
  const contracts = await db.contract.findMany({ select: { id: true } });
  let invoices = 0;
  for (const c of contracts) invoices += (await invoiceContract(db, c.id, today, publicUrl)).length;
  return { contracts: contracts.length, invoices };
}

export async function detectOverdue(db: Db, today: Date, publicUrl: string): Promise<number> {
  const due = await db.invoice.findMany({ where: { status: "open", overdueAt: null, dueDate: { lt: utcDay(today) } }, select: { id: true } });
  let flagged = 0;
  for (const { id } of due) {
    const done = await db.$transaction(async (tx) => {
      const inv = await tx.invoice.findUnique({ where: { id }, select: { status: true, overdueAt: true, number: true, totalMinor: true, currency: true, dueDate: true, organizationId: true, payerOrganizationId: true } });
      if (!inv || inv.status !== "open" || inv.overdueAt) return false;
      await tx.invoice.update({ where: { id }, data: { overdueAt: new Date() }, select: { id: true } });
      await tx.billingAccount.upsert({
        where: { organizationId: inv.payerOrganizationId },
        create: { organizationId: inv.payerOrganizationId, paymentIssueAt: new Date(), paymentIssueReason: `Invoice ${inv.number} is overdue` },
        update: {},
        select: { id: true },
      });
      await tx.billingAccount.updateMany({ where: { organizationId: inv.payerOrganizationId, paymentIssueAt: null }, data: { paymentIssueAt: new Date(), paymentIssueReason: `Invoice ${inv.number} is overdue` } });
      const org = await tx.organization.findUniqueOrThrow({ where: { id: inv.organizationId }, select: { name: true } });
      const email = invoiceOverdueEmail({ organizationName: org.name, number: inv.number!, amount: formatMoney(inv.totalMinor, inv.currency), dueDate: iso(inv.dueDate!), invoiceUrl: `${publicUrl}/admin/orgs/${inv.organizationId}/billing` });
      for (const to of await billingRecipients(tx, inv.payerOrganizationId)) await enqueueEmail(tx, { ...email, to, organizationId: inv.payerOrganizationId });
      await recordAudit(tx, jobActor, { action: "invoice.overdue", organizationId: inv.organizationId, resource: { type: "invoice", id }, details: { number: inv.number, dueDate: iso(inv.dueDate!) } });
      return true;
    });
    if (done) flagged++;
  }
  return flagged;
}

const STATUS_ACTION = { paid: "invoice.mark_paid", void: "invoice.void", uncollectible: "invoice.uncollectible" } as const;

/** Finance settles an open invoice: paid, void or uncollectible. */
export async function settleInvoice(db: Db, staff: StaffActor, invoiceId: string, status: "paid" | "void" | "uncollectible", note: string): Promise<void> {
  const current = await db.invoice.findUnique({ where: { id: invoiceId }, select: { organizationId: true } });
  if (!current) throw notFound("The invoice");
  if (staff.role !== "finance" && staff.role !== "super_admin") {
    await recordAudit(db, staff.actor, { action: "access.denied", organizationId: current.organizationId, status: "denied", resource: { type: "invoice", id: invoiceId }, details: { operation: `invoice.${status}`, reason: `platform role ${staff.role}` } });
    throw new AppError("FORBIDDEN", { userMessage: "Only finance can settle invoices." });
  }
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM invoices WHERE id = ${invoiceId}::uuid FOR UPDATE`;
    const inv = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { status: true, totalMinor: true, payerOrganizationId: true, number: true, source: true } });
    if (inv.source === "stripe") throw new AppError("CONFLICT", { userMessage: "Card invoices are settled by Stripe." });
    if (inv.status !== "open") throw new AppError("CONFLICT", { userMessage: `The invoice is ${inv.status}; only open invoices can be settled.` });
    const now = new Date();
    await tx.invoice.update({
      where: { id: invoiceId },
      data: { status, ...(status === "paid" ? { paidAt: now, amountPaidMinor: inv.totalMinor } : status === "void" ? { voidedAt: now } : {}) },
      select: { id: true },
    });
    const stillOverdue = await tx.invoice.count({ where: { payerOrganizationId: inv.payerOrganizationId, status: "open", overdueAt: { not: null } } });
    if (!stillOverdue) await tx.billingAccount.updateMany({ where: { organizationId: inv.payerOrganizationId, paymentIssueReason: { startsWith: "Invoice " } }, data: { paymentIssueAt: null, paymentIssueReason: null } });
    await recordAudit(tx, staff.actor, { action: STATUS_ACTION[status], organizationId: current.organizationId, resource: { type: "invoice", id: invoiceId }, details: { number: inv.number, note } });
  });
}

export interface InvoiceRow {
  id: string;
  number: string | null;
  organizationId: string;
  organizationName: string;
  payerOrganizationId: string;
  source: "contract" | "stripe" | "manual";
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  currency: "usd" | "eur" | "gbp";
  totalMinor: bigint;
  amountPaidMinor: bigint;
  periodStart: Date;
  periodEnd: Date;
  issuedAt: Date | null;
  dueDate: Date | null;
  paidAt: Date | null;
  overdue: boolean;
  poNumber: string | null;
}

async function toRows(db: Db, rows: Omit<InvoiceRow, "organizationName" | "overdue">[], today: Date): Promise<InvoiceRow[]> {
  const orgs = await db.organization.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.organizationId))] } }, select: { id: true, name: true } });
  const name = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({ ...r, organizationName: name.get(r.organizationId) ?? "", overdue: r.status === "open" && !!r.dueDate && r.dueDate < utcDay(today) }));
}

const ROW_SELECT = { id: true, number: true, organizationId: true, payerOrganizationId: true, source: true, status: true, currency: true, totalMinor: true, amountPaidMinor: true, periodStart: true, periodEnd: true, issuedAt: true, dueDate: true, paidAt: true, poNumber: true } as const;

/** A tenant's invoices: those it owns and those it pays for (children billed to it). Drafts are not shown. */
export async function listOrgInvoices(db: Db, organizationId: string, today = new Date()): Promise<InvoiceRow[]> {
  const rows = await db.invoice.findMany({
    where: { OR: [{ organizationId }, { payerOrganizationId: organizationId }], status: { not: "draft" } },
    orderBy: [{ periodStart: "desc" }, { number: "desc" }],
    select: ROW_SELECT,
    take: 500,
  });
  return toRows(db, rows, today);
}

export async function listAllInvoices(db: Db, filter: { status?: InvoiceRow["status"] | undefined; overdueOnly?: boolean | undefined; organizationId?: string | undefined }, today = new Date()): Promise<InvoiceRow[]> {
  const rows = await db.invoice.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
      ...(filter.overdueOnly ? { status: "open", dueDate: { lt: utcDay(today) } } : {}),
    },
    orderBy: filter.overdueOnly ? [{ dueDate: "asc" }] : [{ issuedAt: "desc" }],
    select: ROW_SELECT,
    take: 1000,
  });
  return toRows(db, rows, today);
}

/** One invoice with lines, for the tenant who owns or pays it (NOT_FOUND otherwise) or for staff (organizationId null). */
export async function invoiceDetail(db: Db, invoiceId: string, organizationId: string | null) {
  const inv = await db.invoice.findUnique({ where: { id: invoiceId }, include: { lines: { orderBy: { position: "asc" } }, issuer: true } });
  if (!inv || (organizationId && inv.organizationId !== organizationId && inv.payerOrganizationId !== organizationId) || (organizationId && inv.status === "draft")) {
    throw notFound("The invoice");
  }
  const orgs = await db.organization.findMany({ where: { id: { in: [inv.organizationId, inv.payerOrganizationId, ...inv.lines.map((l) => l.organizationId)] } }, select: { id: true, name: true } });
  return { ...inv, organizationNames: Object.fromEntries(orgs.map((o) => [o.id, o.name])) as Record<string, string> };
}
export type InvoiceDetail = Awaited<ReturnType<typeof invoiceDetail>>;

