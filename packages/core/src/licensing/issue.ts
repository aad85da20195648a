/**
 * Licences the vendor's staff issue to customer organizations (CSM portal):
 * issue, renew (a new licence that names the one it renews; the old one
 * stays good until it ends) and revoke. Each writes its audit event in the
 * same transaction. The customer page lists an organization's licences with
 * their state as this instance sees it — its own keys and its own
 * revocation list (offline verifiers cannot see revocations).
 */
import { randomUUID } from "node:crypto";
import { signLicense, verifyLicense, type LicenseInvalidReason, type LicenseState } from "@atrium/license";
import type { Db, DbOrTx } from "@atrium/db";
import { allFeatures, FEATURES, PLANS, type Feature, type Plan } from "@atrium/rbac";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { activeLicenseKey, licensePublicKeys } from "./keys.ts";
import { reconcileInstalledLicense } from "./install.ts";

const DAY_MS = 86_400_000;

/** The edition a plan is sold as. */
export const EDITION_OF: Record<Plan, string> = { free: "Community", team: "Team", business: "Business", enterprise: "Enterprise" };

export const ZLicenseTerms = z
  .object({
    plan: z.enum(PLANS),
    /** Features beyond the plan's own. */
    extraFeatures: z.array(z.enum(Object.keys(FEATURES) as [Feature, ...Feature[]])).max(20).default([]),
    seats: z.number().int().min(1).max(1_000_000),
    startsAt: z.date(),
    expiresAt: z.date(),
    graceDays: z.number().int().min(0).max(90).default(14),
    installationId: z.string().trim().max(100).nullable().default(null),
  })
  .refine((t) => t.expiresAt.getTime() > t.startsAt.getTime() + DAY_MS - 1, { path: ["expiresAt"], message: "The licence must end at least a day after it starts." });
export type TLicenseTermsInput = z.input<typeof ZLicenseTerms>;
export type TLicenseTerms = z.output<typeof ZLicenseTerms>;

/** The features a licence for `plan` enables: the plan's own plus the additions. */
export function licenseFeatures(plan: Plan, extra: readonly Feature[]): Feature[] {
  const own = allFeatures(plan).filter((f) => f.enabled).map((f) => f.feature);
  return [...new Set([...own, ...extra])];
}

export interface IssuedLicense {
  id: string;
  token: string;
}

async function issue(db: Db, actor: Actor, organizationId: string, input: TLicenseTermsInput, issuer: string, renews: string | null): Promise<IssuedLicense> {
  const terms = ZLicenseTerms.parse(input);
  const org = await db.organization.findFirst({ where: { id: organizationId, deletedAt: null }, select: { id: true, name: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "The customer was not found." });
  const key = await activeLicenseKey(db, actor);
  const id = randomUUID();
  const features = licenseFeatures(terms.plan, terms.extraFeatures);
  const edition = EDITION_OF[terms.plan];
  const token = await signLicense(
    { issuer, licenseId: id, organizationId, customer: org.name, edition, plan: terms.plan, features, seats: terms.seats, notBefore: terms.startsAt, expiresAt: terms.expiresAt, graceDays: terms.graceDays, installationId: terms.installationId || null },
    key,
  );
  const issuedById = actor.type === "staff" || actor.type === "user" ? actor.userId : null;
  await db.$transaction(async (tx) => {
    await tx.license.create({
      data: { id, organizationId, token, edition, plan: terms.plan, features, seats: terms.seats, notBefore: terms.startsAt, expiresAt: terms.expiresAt, graceDays: terms.graceDays, installationId: terms.installationId || null, keyId: key.kid, renewsId: renews, issuedById },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: renews ? "license.renew" : "license.issue",
      organizationId,
      resource: { type: "license", id },
      details: { edition, plan: terms.plan, seats: terms.seats, features, startsAt: terms.startsAt.toISOString(), expiresAt: terms.expiresAt.toISOString(), graceDays: terms.graceDays, installationId: terms.installationId || null, kid: key.kid, renews },
    });
  });
  return { id, token };
}

/** Issues a licence to an organization, signed with the active key (generated on first use). */
export function issueLicense(db: Db, actor: Actor, organizationId: string, input: TLicenseTermsInput, issuer: string): Promise<IssuedLicense> {
  return issue(db, actor, organizationId, input, issuer, null);
}

/** Issues the licence that renews `licenseId` (same organization, new terms). A revoked licence cannot be renewed: issue a new one. */
export async function renewLicense(db: Db, actor: Actor, licenseId: string, input: TLicenseTermsInput, issuer: string): Promise<IssuedLicense> {
  const old = await db.license.findUnique({ where: { id: licenseId }, select: { organizationId: true, revokedAt: true } });
  if (!old) throw new AppError("NOT_FOUND", { userMessage: "The licence was not found." });
  if (old.revokedAt) throw new AppError("CONFLICT", { userMessage: "This licence was revoked; issue a new one instead." });
  return issue(db, actor, old.organizationId, input, issuer, licenseId);
}

/** Revokes a licence: this instance refuses it from now on (and re-applies the plan where it is installed here). */
export async function revokeLicense(db: Db, actor: Actor, licenseId: string, reason: string): Promise<void> {
  const organizationId = await db.$transaction(async (tx) => {
    const row = await tx.license.findUnique({ where: { id: licenseId }, select: { organizationId: true, revokedAt: true } });
    if (!row) throw new AppError("NOT_FOUND", { userMessage: "The licence was not found." });
    if (row.revokedAt) throw new AppError("CONFLICT", { userMessage: "This licence is already revoked." });
    const revokedById = actor.type === "staff" || actor.type === "user" ? actor.userId : null;
    await tx.license.update({ where: { id: licenseId }, data: { revokedAt: new Date(), revokedById, revokeReason: reason }, select: { id: true } });
    await recordAudit(tx, actor, { action: "license.revoke", organizationId: row.organizationId, resource: { type: "license", id: licenseId }, details: { reason } });
    return row.organizationId;
  });
  await reconcileInstalledLicense(db, organizationId, {});
}

/** A licence's terms as the staff list and the installed status both show them. */
export interface LicenseTermsView {
  edition: string;
  plan: Plan;
  features: string[];
  seats: number;
  notBefore: Date;
  expiresAt: Date;
  installationId: string | null;
}

export interface LicenseRow extends LicenseTermsView {
  id: string;
  organizationId: string;
  graceDays: number;
  keyId: string;
  renewsId: string | null;
  issuedAt: Date;
  issuedBy: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
  token: string;
  state: LicenseState;
  reason: LicenseInvalidReason | null;
  daysLeft: number | null;
}

/** An organization's licences, newest first, each with its state here (keys and revocation list of this instance). */
export async function listLicenses(db: DbOrTx, organizationId: string, now = new Date()): Promise<LicenseRow[]> {
  const [rows, publicKeys] = await Promise.all([
    db.license.findMany({ where: { organizationId }, orderBy: { issuedAt: "desc" } }),
    licensePublicKeys(db),
  ]);
  const issuers = await db.user.findMany({ where: { id: { in: rows.flatMap((r) => (r.issuedById ? [r.issuedById] : [])) } }, select: { id: true, name: true } });
  return Promise.all(
    rows.map(async (r) => {
      const verdict = await verifyLicense(r.token, { publicKeys, now, isRevoked: () => r.revokedAt !== null });
      return {
        id: r.id,
        organizationId: r.organizationId,
        edition: r.edition,
        plan: r.plan as Plan,
        features: r.features,
        seats: r.seats,
        notBefore: r.notBefore,
        expiresAt: r.expiresAt,
        graceDays: r.graceDays,
        installationId: r.installationId,
        keyId: r.keyId,
        renewsId: r.renewsId,
        issuedAt: r.issuedAt,
        issuedBy: issuers.find((u) => u.id === r.issuedById)?.name ?? null,
        revokedAt: r.revokedAt,
        revokeReason: r.revokeReason,
        token: r.token,
        state: verdict.state,
        reason: verdict.reason,
        daysLeft: verdict.daysLeft,
      };
    }),
  );
}
