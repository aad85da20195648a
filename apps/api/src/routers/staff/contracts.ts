import { AppError, notFound } from "@atrium/core/errors";
import {
  assignableStaff,
  contractHistory,
  createContract,
  getContract,
  invoiceContract,
  invoiceDetail,
  listAllInvoices,
  listContracts,
  setContractStatus,
  settleInvoice,
  updateContract,
  ZContractTerms,
  type StaffActor,
} from "@atrium/core/billing";
import { recordAudit } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffProcedure } from "../../trpc/procedures.ts";
import { ZInvoiceDetail, ZInvoiceRow } from "../billing/schemas.ts";
import { ZOk, ok } from "../schemas.ts";

const ZStatus = z.enum(["active", "expired", "cancelled", "renewal_pending"]);
const ZCurrency = z.enum(["usd", "eur", "gbp"]);
const ZReason = z.string().trim().min(3).max(500);

const staffOf = (ctx: { actor: StaffActor["actor"]; user: { platformRole: string | null } }): StaffActor => ({ actor: ctx.actor, role: ctx.user.platformRole as StaffActor["role"] });

const ZContractRow = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  name: z.string(),
  status: ZStatus,
  currency: ZCurrency,
  annualValueMinor: z.bigint(),
  seats: z.number().int(),
  startDate: z.date(),
  endDate: z.date(),
  renewalDate: z.date(),
  daysToRenewal: z.number().int(),
  autoRenew: z.boolean(),
  paymentTerms: z.string(),
  billingCycle: z.string(),
  slaUptimePercent: z.number().nullable(),
  slaP99LatencyMs: z.number().int().nullable(),
  slaSupportLevel: z.string(),
  csmName: z.string().nullable(),
  accountExecutiveName: z.string().nullable(),
  version: z.number().int(),
});

const ZUnitPrice = z.object({ unitAmountMinor: z.number().int(), unitSize: z.number().int() });
const ZContractDetail = ZContractRow.extend({
  seatPriceMinor: z.bigint(),
  usagePrices: z.record(z.string(), ZUnitPrice),
  volumeTiers: z.array(ZUnitPrice.extend({ metric: z.string(), upTo: z.number().int().nullable() })),
  committedAmountMinor: z.bigint(),
  poNumber: z.string().nullable(),
  csmUserId: z.uuid().nullable(),
  accountExecutiveUserId: z.uuid().nullable(),
  billingContacts: z.array(z.string()),
  notes: z.string(),
});

export const contractsRouter = router({
  list: staffProcedure
    .input(z.object({ status: ZStatus.optional(), renewalWithinDays: z.number().int().min(0).max(3650).optional() }).default({}))
    .output(z.array(ZContractRow))
    .query(({ ctx, input }) => listContracts(ctx.db, input)),

  get: staffProcedure
    .input(z.object({ contractId: z.uuid() }))
    .output(ZContractDetail)
    .query(({ ctx, input }) => getContract(ctx.db, input.contractId)),

  history: staffProcedure
    .input(z.object({ contractId: z.uuid() }))
    .output(z.array(z.object({ version: z.number().int(), kind: z.string(), changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })), reason: z.string(), changedBy: z.string().nullable(), createdAt: z.date() })))
    .query(({ ctx, input }) => contractHistory(ctx.db, input.contractId)),

  staff: staffProcedure
    .output(z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), platformRole: z.string().nullable() })))
    .query(({ ctx }) => assignableStaff(ctx.db)),

  /** Finance only (FORBIDDEN, audited, for other staff). */
  create: staffProcedure
    .input(z.object({ organizationId: z.uuid(), terms: ZContractTerms, reason: ZReason }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createContract(ctx.db, staffOf(ctx), input.organizationId, input.terms, input.reason)),

  update: staffProcedure
    .input(z.object({ contractId: z.uuid(), version: z.number().int().min(1), terms: ZContractTerms, reason: ZReason }))
    .output(z.object({ version: z.number().int() }))
    .mutation(({ ctx, input }) => updateContract(ctx.db, staffOf(ctx), input.contractId, input.version, input.terms, input.reason)),

  setStatus: staffProcedure
    .input(z.object({ contractId: z.uuid(), status: ZStatus, reason: ZReason }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setContractStatus(ctx.db, staffOf(ctx), input.contractId, input.status, input.reason))),
});

export const invoicesRouter = router({
  list: staffProcedure
    .input(z.object({ status: z.enum(["draft", "open", "paid", "void", "uncollectible"]).optional(), overdueOnly: z.boolean().optional(), organizationId: z.uuid().optional() }).default({}))
    .output(z.array(ZInvoiceRow))
    .query(({ ctx, input }) => listAllInvoices(ctx.db, input)),

  get: staffProcedure
    .input(z.object({ invoiceId: z.uuid() }))
    .output(ZInvoiceDetail)
    .query(({ ctx, input }) => invoiceDetail(ctx.db, input.invoiceId, null)),

  /** Finance: mark an open contract invoice paid, void or uncollectible. */
  settle: staffProcedure
    .input(z.object({ invoiceId: z.uuid(), status: z.enum(["paid", "void", "uncollectible"]), note: z.string().trim().max(500).default("") }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(settleInvoice(ctx.db, staffOf(ctx), input.invoiceId, input.status, input.note))),

  /** Finance: invoice a contract's ended periods now (the daily job does the same). */
  generate: staffProcedure
    .input(z.object({ contractId: z.uuid() }))
    .output(z.object({ created: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const staff = staffOf(ctx);
      if (staff.role !== "finance" && staff.role !== "super_admin") {
        await recordAudit(ctx.db, ctx.actor, { action: "access.denied", organizationId: null, status: "denied", resource: { type: "contract", id: input.contractId }, details: { operation: "invoices.generate", reason: `platform role ${staff.role}` } });
        throw new AppError("FORBIDDEN", { userMessage: "Only finance can generate invoices." });
      }
      const contract = await ctx.db.contract.findUnique({ where: { id: input.contractId }, select: { organizationId: true } });
      if (!contract) throw notFound("The contract");
      // Each invoice is recorded (as the invoicing job) in its own period's transaction; this records who asked for the run.
      const ids = await invoiceContract(ctx.db, input.contractId, new Date(), ctx.env.ATRIUM_PUBLIC_URL);
      await recordAudit(ctx.db, ctx.actor, {
        action: "invoice.generate",
        organizationId: contract.organizationId,
        resource: { type: "contract", id: input.contractId },
        details: { invoiceIds: ids },
      });
      return { created: ids.length };
    }),
});
