/**
 * Enterprise contracts, managed by platform staff: finance (and super admins)
 * create and edit them, everyone on staff reads them. Every change bumps the
 * version, writes a history row with the fields before and after, and an
 * audit event, in one transaction; an edit made against a stale version is
 * refused (CONFLICT) rather than silently overwriting another's.
 */
import type { Db, Prisma, Tx } from "@atrium/db";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { changePlan } from "../plans/change.ts";
import { ISSUER_FOR_CURRENCY } from "./money.ts";
import { USAGE_METRICS } from "./pricing.ts";

export type StaffRole = "super_admin" | "csm" | "support" | "finance" | "sales";
export interface StaffActor {
  actor: Actor;
  role: StaffRole;
}

const EDITORS: readonly StaffRole[] = ["super_admin", "finance"];
const ZMinor = z.bigint().min(0n).max(10n ** 15n);
const ZDate = z.coerce.date().transform((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
const ZUnitPrice = z.object({ unitAmountMinor: z.number().int().min(0).max(1e9), unitSize: z.number().int().min(1).max(1e13) });
const ZMetric = z.enum(USAGE_METRICS);

export const ZContractTerms = z
  .object({
    name: z.string().trim().min(1).max(200),
    currency: z.enum(["usd", "eur", "gbp"]),
    annualValueMinor: ZMinor,
    seats: z.number().int().min(0).max(1_000_000),
    seatPriceMinor: ZMinor,
    usagePrices: z.partialRecord(ZMetric, ZUnitPrice).default({}),
    volumeTiers: z.array(ZUnitPrice.extend({ metric: ZMetric, upTo: z.number().int().min(1).nullable() })).max(20).default([]),
    committedAmountMinor: ZMinor.default(0n),
    startDate: ZDate,
    endDate: ZDate,
    renewalDate: ZDate,
    autoRenew: z.boolean().default(false),
    paymentTerms: z.enum(["immediate", "net_30", "net_60", "net_90"]),
    billingCycle: z.enum(["monthly", "quarterly", "annual"]),
    poNumber: z.string().trim().min(1).max(100).nullable().default(null),
    slaUptimePercent: z.number().min(90).max(100).multipleOf(0.001).nullable().default(null),
    slaP99LatencyMs: z.number().int().min(1).max(600_000).nullable().default(null),
    slaSupportLevel: z.enum(["standard", "business", "premium", "dedicated"]).default("standard"),
    csmUserId: z.uuid().nullable().default(null),
    accountExecutiveUserId: z.uuid().nullable().default(null),
    billingContacts: z.array(z.email().max(254).transform((e) => e.toLowerCase())).max(20).default([]),
    notes: z.string().max(5000).default(""),
  })
  .superRefine((c, ctx) => {
    if (c.startDate >= c.endDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The contract must end after it starts" });
    if (c.renewalDate > c.endDate) ctx.addIssue({ code: "custom", path: ["renewalDate"], message: "The renewal date cannot be after the end date" });
    for (const metric of USAGE_METRICS) {
      const tiers = c.volumeTiers.filter((t) => t.metric === metric);
      tiers.forEach((t, i) => {
        const last = i === tiers.length - 1;
        if (t.upTo === null && !last) ctx.addIssue({ code: "custom", path: ["volumeTiers"], message: `Only the last ${metric} tier may be unbounded` });
        const prev = tiers[i - 1];
        if (prev && t.upTo !== null && prev.upTo !== null && t.upTo <= prev.upTo) {
          ctx.addIssue({ code: "custom", path: ["volumeTiers"], message: `${metric} tiers must rise: ${t.upTo} after ${prev.upTo}` });
        }
      });
    }
  });
export type TContractTerms = z.infer<typeof ZContractTerms>;
export type TContractTermsInput = z.input<typeof ZContractTerms>;

export const CONTRACT_STATUSES = ["active", "expired", "cancelled", "renewal_pending"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

function parseTerms(input: TContractTermsInput): TContractTerms {
  const parsed = ZContractTerms.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new AppError("BAD_REQUEST", { userMessage: `${issue.path.join(".") || "contract"}: ${issue.message}` });
}

function assertEditor(staff: StaffActor) {
  if (!EDITORS.includes(staff.role)) {
    throw new AppError("FORBIDDEN", { userMessage: "Only finance can create or change contracts and pricing." });
  }
}

/** Records the denial, then refuses (the caller's transaction would roll the audit back). */
async function denyUnlessEditor(db: Db, staff: StaffActor, organizationId: string | null, operation: string) {
  if (EDITORS.includes(staff.role)) return;
  await recordAudit(db, staff.actor, {
    action: "access.denied",
    organizationId,
    status: "denied",
    resource: { type: "contract" },
    details: { operation, reason: `platform role ${staff.role} cannot edit contracts` },
  });
  assertEditor(staff);
}

async function assertStaffUser(tx: Tx, userId: string | null, allowed: readonly StaffRole[], field: string) {
  if (!userId) return;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { platformRole: true } });
  if (!user?.platformRole || !allowed.includes(user.platformRole)) {
    throw new AppError("BAD_REQUEST", { userMessage: `The ${field} must be a platform staff member (${allowed.join(" or ")}).` });
  }
}

const toColumns = (t: TContractTerms) => ({
  ...t,
  issuerId: ISSUER_FOR_CURRENCY[t.currency],
  usagePrices: t.usagePrices as Prisma.InputJsonObject,
  volumeTiers: t.volumeTiers as unknown as Prisma.InputJsonArray,
  slaUptimePercent: t.slaUptimePercent === null ? null : t.slaUptimePercent.toFixed(3),
});

/** Comparable JSON form of a contract's terms, for the change history. */
function snapshot(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(ZContractTerms.shape)) {
    const v = row[key];
    out[key] = typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString().slice(0, 10) : v !== null && typeof v === "object" && "toFixed" in v ? Number(v) : v;
  }
  return out;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (canonical(before[key]) !== canonical(after[key])) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes;
}

/** History and audit hold field names and values but not the billing contacts' addresses (personal data). */
const redact = (changes: Record<string, { from: unknown; to: unknown }>) => {
  if (!changes["billingContacts"]) return changes;
  const { billingContacts, ...rest } = changes;
  return { ...rest, billingContacts: { from: (billingContacts.from as string[] | null)?.length ?? 0, to: (billingContacts.to as string[] | null)?.length ?? 0 } };
};

export async function createContract(db: Db, staff: StaffActor, organizationId: string, input: TContractTermsInput, reason: string): Promise<{ id: string }> {
  await denyUnlessEditor(db, staff, organizationId, "contracts.create");
  const terms = parseTerms(input);
  const userId = "userId" in staff.actor ? staff.actor.userId : null;
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { id: true, parentId: true } });
      if (!org) throw notFound("The organization");
      await assertStaffUser(tx, terms.csmUserId, ["csm", "super_admin"], "CSM");
      await assertStaffUser(tx, terms.accountExecutiveUserId, ["sales", "super_admin"], "account executive");
      const contract = await tx.contract.create({ data: { organizationId, ...toColumns(terms), status: "active", createdById: userId, updatedById: userId }, select: { id: true } });
      const changes = redact(diff({}, snapshot({ ...terms })));
      await tx.contractChange.create({ data: { contractId: contract.id, organizationId, version: 1, kind: "created", changes: changes as Prisma.InputJsonObject, reason, changedById: userId }, select: { id: true } });
      await tx.organization.update({ where: { id: organizationId }, data: { isEnterprise: true }, select: { id: true } });
      await changePlan(tx, staff.actor, organizationId, "enterprise", "enterprise contract");
      await recordAudit(tx, staff.actor, {
        action: "contract.create",
        organizationId,
        resource: { type: "contract", id: contract.id },
        details: { name: terms.name, currency: terms.currency, annualValueMinor: terms.annualValueMinor.toString(), startDate: terms.startDate.toISOString().slice(0, 10), endDate: terms.endDate.toISOString().slice(0, 10), reason },
      });
      return contract;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002" || /contracts_live_organization_key/.test(String((error as Error).message))) {
      throw new AppError("CONFLICT", { userMessage: "This organization already has a live contract; edit or end it first." });
    }
    throw error;
  }
}

export async function updateContract(db: Db, staff: StaffActor, contractId: string, expectedVersion: number, input: TContractTermsInput, reason: string): Promise<{ version: number }> {
  const current = await db.contract.findUnique({ where: { id: contractId }, select: { organizationId: true } });
  if (!current) throw notFound("The contract");
  await denyUnlessEditor(db, staff, current.organizationId, "contracts.update");
  const terms = parseTerms(input);
  const userId = "userId" in staff.actor ? staff.actor.userId : null;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM contracts WHERE id = ${contractId}::uuid FOR UPDATE`;
    const before = await tx.contract.findUniqueOrThrow({ where: { id: contractId } });
    if (before.version !== expectedVersion) {
      throw new AppError("CONFLICT", { userMessage: `Someone else changed this contract (now version ${before.version}); reload and apply your change again.` });
    }
    if (before.currency !== terms.currency) {
      const invoiced = await tx.invoice.count({ where: { contractId, status: { not: "void" } } });
      if (invoiced) throw new AppError("BAD_REQUEST", { userMessage: "The currency cannot change once the contract has been invoiced." });
    }
    await assertStaffUser(tx, terms.csmUserId, ["csm", "super_admin"], "CSM");
    await assertStaffUser(tx, terms.accountExecutiveUserId, ["sales", "super_admin"], "account executive");
    const changes = redact(diff(snapshot(before as unknown as Record<string, unknown>), snapshot({ ...terms })));
    if (Object.keys(changes).length === 0) return { version: before.version };
    const version = before.version + 1;
    await tx.contract.update({ where: { id: contractId }, data: { ...toColumns(terms), version, updatedById: userId }, select: { id: true } });
    await tx.contractChange.create({ data: { contractId, organizationId: before.organizationId, version, kind: "updated", changes: changes as Prisma.InputJsonObject, reason, changedById: userId }, select: { id: true } });
    await recordAudit(tx, staff.actor, {
      action: "contract.update",
      organizationId: before.organizationId,
      resource: { type: "contract", id: contractId },
      details: { version, changes: changes as Prisma.InputJsonObject, reason },
    });
    return { version };
  });
}

export async function setContractStatus(db: Db, staff: StaffActor, contractId: string, status: ContractStatus, reason: string): Promise<void> {
  const current = await db.contract.findUnique({ where: { id: contractId }, select: { organizationId: true } });
  if (!current) throw notFound("The contract");
  await denyUnlessEditor(db, staff, current.organizationId, "contracts.setStatus");
  const userId = "userId" in staff.actor ? staff.actor.userId : null;
  await db.$transaction(async (tx) => {
    const before = await tx.contract.findUniqueOrThrow({ where: { id: contractId }, select: { status: true, version: true, organizationId: true } });
    if (before.status === status) return;
    if ((before.status === "expired" || before.status === "cancelled") && (status === "active" || status === "renewal_pending")) {
      const live = await tx.contract.count({ where: { organizationId: before.organizationId, status: { in: ["active", "renewal_pending"] }, id: { not: contractId } } });
      if (live) throw new AppError("CONFLICT", { userMessage: "Another contract of this organization is live." });
    }
    const version = before.version + 1;
    await tx.contract.update({
      where: { id: contractId },
      data: { status, version, updatedById: userId, ...(status === "cancelled" ? { cancelledAt: new Date() } : {}) },
      select: { id: true },
    });
    const changes = { status: { from: before.status, to: status } };
    await tx.contractChange.create({ data: { contractId, organizationId: before.organizationId, version, kind: "status_changed", changes, reason, changedById: userId }, select: { id: true } });
    await recordAudit(tx, staff.actor, {
      action: "contract.status_change",
      organizationId: before.organizationId,
      resource: { type: "contract", id: contractId },
      details: { from: before.status, to: status, reason },
    });
  });
}

const SUMMARY_SELECT = {
  id: true,
  organizationId: true,
  name: true,
  status: true,
  currency: true,
  annualValueMinor: true,
  seats: true,
  startDate: true,
  endDate: true,
  renewalDate: true,
  autoRenew: true,
  paymentTerms: true,
  billingCycle: true,
  slaUptimePercent: true,
  slaP99LatencyMs: true,
  slaSupportLevel: true,
  csmUserId: true,
  accountExecutiveUserId: true,
  version: true,
} as const;

export interface ContractRow {
  id: string;
  organizationId: string;
  organizationName: string;
  name: string;
  status: ContractStatus;
  currency: "usd" | "eur" | "gbp";
  annualValueMinor: bigint;
  seats: number;
  startDate: Date;
  endDate: Date;
  renewalDate: Date;
  daysToRenewal: number;
  autoRenew: boolean;
  paymentTerms: string;
  billingCycle: string;
  slaUptimePercent: number | null;
  slaP99LatencyMs: number | null;
  slaSupportLevel: string;
  csmName: string | null;
  accountExecutiveName: string | null;
  version: number;
}

async function withNames(db: Db, rows: { organizationId: string; csmUserId: string | null; accountExecutiveUserId: string | null; renewalDate: Date; slaUptimePercent: { toNumber(): number } | null }[], today: Date) {
  const orgIds = [...new Set(rows.map((r) => r.organizationId))];
  const userIds = [...new Set(rows.flatMap((r) => [r.csmUserId, r.accountExecutiveUserId]).filter((x): x is string => !!x))];
  const [orgs, users] = await Promise.all([
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    organizationName: orgName.get(r.organizationId) ?? "",
    csmName: r.csmUserId ? (userName.get(r.csmUserId) ?? null) : null,
    accountExecutiveName: r.accountExecutiveUserId ? (userName.get(r.accountExecutiveUserId) ?? null) : null,
    daysToRenewal: Math.round((r.renewalDate.getTime() - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / 86_400_000),
    slaUptimePercent: r.slaUptimePercent ? r.slaUptimePercent.toNumber() : null,
  }));
}

export async function listContracts(db: Db, filter: { status?: ContractStatus | undefined; renewalWithinDays?: number | undefined } = {}, today = new Date()): Promise<ContractRow[]> {
  const rows = await db.contract.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.renewalWithinDays !== undefined ? { renewalDate: { lte: new Date(today.getTime() + filter.renewalWithinDays * 86_400_000) } } : {}),
    },
    select: SUMMARY_SELECT,
    orderBy: { renewalDate: "asc" },
  });
  const names = await withNames(db, rows, today);
  return rows.map((r, i) => ({ ...r, ...names[i]! }));
}

export async function getContract(db: Db, contractId: string, today = new Date()) {
  const row = await db.contract.findUnique({ where: { id: contractId } });
  if (!row) throw notFound("The contract");
  const [names] = await withNames(db, [row], today);
  return {
    ...row,
    ...names!,
    usagePrices: row.usagePrices as Partial<Record<(typeof USAGE_METRICS)[number], { unitAmountMinor: number; unitSize: number }>>,
    volumeTiers: row.volumeTiers as { metric: (typeof USAGE_METRICS)[number]; upTo: number | null; unitAmountMinor: number; unitSize: number }[],
  };
}

export async function contractHistory(db: Db, contractId: string) {
  const rows = await db.contractChange.findMany({ where: { contractId }, orderBy: { version: "desc" } });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.changedById).filter((x): x is string => !!x) } }, select: { id: true, name: true } });
  const name = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ version: r.version, kind: r.kind, changes: r.changes as Record<string, { from: unknown; to: unknown }>, reason: r.reason, changedBy: r.changedById ? (name.get(r.changedById) ?? null) : null, createdAt: r.createdAt }));
}

/** Platform staff who can be assigned: CSMs and account executives (sales). */
export async function assignableStaff(db: Db) {
  return db.user.findMany({ where: { platformRole: { in: ["csm", "sales", "super_admin"] }, status: "active" }, select: { id: true, name: true, email: true, platformRole: true }, orderBy: { name: "asc" } });
}

/** The tenant's view: the live (or latest) contract's summary; prices only with contracts:read_pricing. */
export async function tenantContract(db: Db, organizationId: string, includePricing: boolean, today = new Date()) {
  const row = await db.contract.findFirst({ where: { organizationId }, orderBy: [{ status: "asc" }, { startDate: "desc" }] });
  if (!row) return null;
  const [names] = await withNames(db, [row], today);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    currency: row.currency,
    seats: row.seats,
    startDate: row.startDate,
    endDate: row.endDate,
    renewalDate: row.renewalDate,
    daysToRenewal: names!.daysToRenewal,
    paymentTerms: row.paymentTerms,
    billingCycle: row.billingCycle,
    poNumber: row.poNumber,
    sla: { uptimePercent: names!.slaUptimePercent, p99LatencyMs: row.slaP99LatencyMs, supportLevel: row.slaSupportLevel },
    csmName: names!.csmName,
    accountExecutiveName: names!.accountExecutiveName,
    pricing: includePricing
      ? {
          annualValueMinor: row.annualValueMinor,
          seatPriceMinor: row.seatPriceMinor,
          committedAmountMinor: row.committedAmountMinor,
          usagePrices: row.usagePrices as Record<string, { unitAmountMinor: number; unitSize: number }>,
          volumeTiers: row.volumeTiers as { metric: string; upTo: number | null; unitAmountMinor: number; unitSize: number }[],
        }
      : null,
  };
}
