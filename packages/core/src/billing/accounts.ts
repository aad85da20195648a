/**
 * Billing accounts: one per organization, created on first use. An account
 * may be billed to its parent ("invoice owner vs payer"): the payer is the
 * nearest ancestor (or itself) whose account does not bill to its parent.
 */
import type { DbOrTx, Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";

export async function ensureBillingAccount(db: DbOrTx, organizationId: string) {
  const existing = await db.billingAccount.findUnique({ where: { organizationId } });
  if (existing) return existing;
  await db.$executeRaw`INSERT INTO billing_accounts (organization_id) VALUES (${organizationId}::uuid) ON CONFLICT (organization_id) DO NOTHING`;
  return db.billingAccount.findUniqueOrThrow({ where: { organizationId } });
}

/** The organization that pays for `organizationId`'s invoices. */
export async function payerOf(db: DbOrTx, organizationId: string): Promise<string> {
  return (await payersOf(db, [organizationId])).get(organizationId)!;
}

/**
 * The payer of each organization, in one statement: walk up from it while its billing account bills
 * to the parent (at most 6 hops, the last organization reached pays). NOT_FOUND when one is unknown.
 */
export async function payersOf(db: DbOrTx, organizationIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<{ start: string; payer: string }[]>`
    WITH RECURSIVE walk AS (
      SELECT o.id AS start, o.id AS current, o.parent_id, coalesce(a.bill_to_parent, false) AS up, 0 AS hop
        FROM organizations o LEFT JOIN billing_accounts a ON a.organization_id = o.id
       WHERE o.id = ANY(${organizationIds}::uuid[])
      UNION ALL
      SELECT w.start, o.id, o.parent_id, coalesce(a.bill_to_parent, false), w.hop + 1
        FROM walk w JOIN organizations o ON o.id = w.parent_id LEFT JOIN billing_accounts a ON a.organization_id = o.id
       WHERE w.up AND w.hop < 6)
    SELECT DISTINCT ON (start) start::text AS start, current::text AS payer FROM walk ORDER BY start, hop DESC`;
  const payers = new Map(rows.map((r) => [r.start, r.payer]));
  if (organizationIds.some((id) => !payers.has(id))) throw notFound("The organization");
  return payers;
}

export interface BillingSettings {
  billingName: string | null;
  billingEmail: string | null;
  billToParent: boolean;
  currency: "usd" | "eur" | "gbp";
  payerOrganizationId: string;
  hasParent: boolean;
  paymentIssueAt: Date | null;
  paymentIssueReason: string | null;
}

export async function billingSettings(db: DbOrTx, organizationId: string): Promise<BillingSettings> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { parentId: true } });
  if (!org) throw notFound("The organization");
  const account = await db.billingAccount.findUnique({ where: { organizationId } });
  return {
    billingName: account?.billingName ?? null,
    billingEmail: account?.billingEmail ?? null,
    billToParent: account?.billToParent ?? false,
    currency: account?.currency ?? "usd",
    payerOrganizationId: await payerOf(db, organizationId),
    hasParent: org.parentId !== null,
    paymentIssueAt: account?.paymentIssueAt ?? null,
    paymentIssueReason: account?.paymentIssueReason ?? null,
  };
}

export async function updateBillingSettings(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { billingName: string | null; billingEmail: string | null; billToParent: boolean },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { parentId: true } });
    if (!org) throw notFound("The organization");
    if (input.billToParent && !org.parentId) {
      throw new AppError("BAD_REQUEST", { userMessage: "Only a child organization can be billed to its parent." });
    }
    const before = await ensureBillingAccount(tx, organizationId);
    await tx.billingAccount.update({ where: { organizationId }, data: input, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "billing.settings_update",
      organizationId,
      resource: { type: "billing_account", id: before.id },
      details: { billToParent: { from: before.billToParent, to: input.billToParent }, billingNameChanged: before.billingName !== input.billingName, billingEmailChanged: before.billingEmail !== input.billingEmail },
      personal: { billingEmail: input.billingEmail },
    });
  });
}

/** Where billing e-mail goes: the account's billing e-mail, else the organization's owners and admins. */
export async function billingRecipients(db: DbOrTx, organizationId: string): Promise<string[]> {
  const account = await db.billingAccount.findUnique({ where: { organizationId }, select: { billingEmail: true } });
  if (account?.billingEmail) return [account.billingEmail];
  const admins = await db.membership.findMany({
    where: { organizationId, status: "active", role: { in: ["owner", "admin"] } },
    select: { user: { select: { email: true } } },
  });
  return admins.map((m) => m.user.email);
}
