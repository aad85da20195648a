/**
 * A licence installed on this installation for an organization — from
 * ATRIUM_LICENSE at start, or pasted by the organization's owner — and what
 * it does to the organization: its plan and features come from the licence
 * while it is valid or in grace; past grace (or when it becomes invalid, e.g.
 * revoked) the organization falls back to the community tier (the `free`
 * plan). Nothing is deleted on the way down: members stay (seats over the
 * licence are shown, never refused), and retention periods that would shrink
 * are pinned at their current length first, so no audit data is purged
 * because a licence ended.
 *
 * The state last applied is stored (installed_licenses.applied_state), so each
 * change of state — into grace, past grace, revoked, renewed — is applied
 * once and audited once ("license.state_change"), whenever the licence is
 * next looked at (the admin console's licence page and banner, the API's
 * start) — see reconcileInstalledLicense.
 */
import { verifyLicense, type LicensePublicKey, type LicenseVerification } from "@atrium/license";
import type { Db, DbOrTx, Tx } from "@atrium/db";
import { PLANS, RETENTION_DAYS, type Feature, type Plan } from "@atrium/rbac";
import { systemActor, type Actor } from "../actor.ts";
import { DATA_TYPES } from "../audit/retention.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { changePlan } from "../plans/change.ts";
import { licensePublicKeys } from "./keys.ts";

export interface LicensingOptions {
  now?: Date;
  /** The vendor's public keys configured on this installation (ATRIUM_LICENSE_PUBLIC_KEYS), besides its own signing keys. */
  vendorKeys?: readonly LicensePublicKey[];
}

/** The community tier: what an organization has when no licence holds. */
export const COMMUNITY_PLAN: Plan = "free";
const OVERRIDE_REASON = "Licence ";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This installation's id (made by the migration; stable for the life of the database). */
export async function installationId(db: DbOrTx): Promise<string> {
  const row = await db.atriumInstallation.findUniqueOrThrow({ where: { singleton: true }, select: { id: true } });
  return row.id;
}

function peekLicenseId(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.replace(/\s+/g, "").split(".")[1] ?? "", "base64url").toString()) as { jti?: unknown };
    return typeof payload.jti === "string" && UUID.test(payload.jti) ? payload.jti : null;
  } catch {
    return null;
  }
}

/** Verifies a licence as this installation sees it: its keys (own and configured), its revocation list, its installation id. */
export async function verifyHere(db: DbOrTx, token: string, options: LicensingOptions = {}): Promise<LicenseVerification> {
  const id = peekLicenseId(token);
  const [own, installation, revoked] = await Promise.all([
    licensePublicKeys(db),
    installationId(db),
    id ? db.license.findFirst({ where: { id, revokedAt: { not: null } }, select: { id: true } }) : null,
  ]);
  return verifyLicense(token, { publicKeys: [...own, ...(options.vendorKeys ?? [])], now: options.now ?? new Date(), installationId: installation, isRevoked: (licenseId) => revoked?.id === licenseId });
}

/** The plan a verification gives: the licence's while valid or in grace, the community tier otherwise. */
export function planOf(verification: LicenseVerification): Plan {
  return (verification.state === "valid" || verification.state === "grace") && verification.license ? verification.license.plan : COMMUNITY_PLAN;
}

const rank = (plan: Plan) => PLANS.indexOf(plan);

/**
 * Makes the organization's plan and licence feature overrides what the
 * verification says, in the caller's transaction. Returns the plan before.
 */
async function applyToOrganization(tx: Tx, actor: Actor, organizationId: string, verification: LicenseVerification): Promise<{ before: Plan; after: Plan; retentionPinned: string[] }> {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } });
  const before = org.plan as Plan;
  const after = planOf(verification);
  const retentionPinned: string[] = [];
  if (rank(after) < rank(before)) {
    // Keep what is kept today: a shorter plan default must not purge data because a licence ended.
    const policies = await tx.retentionPolicy.findMany({ where: { organizationId }, select: { dataType: true } });
    for (const dataType of DATA_TYPES.filter((d) => !policies.some((p) => p.dataType === d))) {
      await tx.retentionPolicy.create({ data: { organizationId, dataType, days: RETENTION_DAYS[before].default }, select: { organizationId: true } });
      retentionPinned.push(dataType);
    }
  }
  await changePlan(tx, actor, organizationId, after, verification.license ? `licence ${verification.license.id} ${verification.state}` : `licence ${verification.state}`);
  await tx.featureOverride.deleteMany({ where: { organizationId, reason: { startsWith: OVERRIDE_REASON } } });
  const license = verification.license;
  if (license && after !== COMMUNITY_PLAN) {
    for (const feature of license.features as Feature[]) {
      const existing = await tx.featureOverride.findUnique({ where: { organizationId_feature: { organizationId, feature } }, select: { id: true } });
      if (existing) continue; // a staff override stands
      await tx.featureOverride.create({ data: { organizationId, feature, enabled: true, expiresAt: license.graceEndsAt, reason: `${OVERRIDE_REASON}${license.id}` }, select: { id: true } });
    }
  }
  return { before, after, retentionPinned };
}

/**
 * Re-verifies the organization's installed licence and, when its state or the
 * plan it gives has changed since last applied, applies it (audited as
 * "license.state_change" by `actor`, the licensing system by default).
 * Returns the verification, or null when no licence is installed.
 */
export async function reconcileInstalledLicense(db: Db, organizationId: string, options: LicensingOptions, actor: Actor = systemActor("licensing")): Promise<LicenseVerification | null> {
  const installed = await db.installedLicense.findUnique({ where: { organizationId }, select: { token: true } });
  if (!installed) return null;
  const verification = await verifyHere(db, installed.token, options);
  const expected = planOf(verification);
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { plan: true } });
  const current = await db.installedLicense.findUnique({ where: { organizationId }, select: { appliedState: true } });
  if (!org || !current || (current.appliedState === verification.state && org.plan === expected)) return verification;
  await db.$transaction(async (tx) => {
    // One writer per organization: the row lock makes a concurrent reconcile wait, then find nothing to do.
    const [locked] = await tx.$queryRaw<{ applied_state: string; token: string }[]>`
      SELECT applied_state, token FROM installed_licenses WHERE organization_id = ${organizationId}::uuid FOR UPDATE`;
    const plan = (await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: true } })).plan;
    if (!locked || locked.token !== installed.token || (locked.applied_state === verification.state && plan === expected)) return;
    const applied = await applyToOrganization(tx, actor, organizationId, verification);
    await tx.installedLicense.update({ where: { organizationId }, data: { appliedState: verification.state, appliedPlan: applied.after, appliedAt: new Date() }, select: { organizationId: true } });
    await recordAudit(tx, actor, {
      action: "license.state_change",
      organizationId,
      resource: { type: "license", id: verification.license?.id ?? "unknown" },
      details: { from: locked.applied_state, to: verification.state, reason: verification.reason, planBefore: applied.before, planAfter: applied.after, retentionPinned: applied.retentionPinned },
    });
  });
  return verification;
}

/**
 * Installs a licence for an organization. Refused (BAD_REQUEST, with a
 * sentence for the person) when it does not verify, names another
 * organization, or — pasted in the console — has already expired. From the
 * environment an expired licence is installed anyway, so the console says
 * what happened. Audited as "license.install", in the transaction that
 * applies it.
 */
export async function installLicense(
  db: Db,
  actor: Actor,
  organizationId: string,
  token: string,
  source: "console" | "environment",
  options: LicensingOptions = {},
): Promise<LicenseVerification> {
  const compact = token.replace(/\s+/g, "");
  const verification = await verifyHere(db, compact, options);
  const license = verification.license;
  if (verification.state === "invalid" || !license) throw new AppError("BAD_REQUEST", { userMessage: verification.message });
  if (license.organizationId !== organizationId) throw new AppError("BAD_REQUEST", { userMessage: `This licence was issued to another organization (${license.customer}).` });
  if (verification.state === "expired" && source === "console") {
    throw new AppError("BAD_REQUEST", { userMessage: "This licence has expired and its grace period is over. Ask your vendor for a renewal." });
  }
  await db.$transaction(async (tx) => {
    const previous = await tx.installedLicense.findUnique({ where: { organizationId }, select: { licenseId: true } });
    const installedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const applied = await applyToOrganization(tx, actor, organizationId, verification);
    const row = { token: compact, licenseId: license.id, source, appliedState: verification.state, appliedPlan: applied.after, installedById, installedAt: new Date(), appliedAt: new Date() };
    await tx.installedLicense.upsert({ where: { organizationId }, create: { organizationId, ...row }, update: row, select: { organizationId: true } });
    await recordAudit(tx, actor, {
      action: "license.install",
      organizationId,
      resource: { type: "license", id: license.id },
      details: {
        source,
        state: verification.state,
        edition: license.edition,
        plan: license.plan,
        seats: license.seats,
        expiresAt: license.expiresAt.toISOString(),
        replaces: previous?.licenseId ?? null,
        planBefore: applied.before,
        planAfter: applied.after,
      },
    });
  });
  return verification;
}

/**
 * ATRIUM_LICENSE at start: installs the licence for the organization it
 * names (its `sub`), unless that exact licence is installed already, in which
 * case it is only re-checked. A licence that does not verify is not installed
 * (whatever was installed stays) and the result says why, for the log.
 */
export async function installFromEnvironment(db: Db, token: string, options: LicensingOptions = {}): Promise<{ organizationId: string | null; verification: LicenseVerification; installed: boolean }> {
  const compact = token.replace(/\s+/g, "");
  const verification = await verifyHere(db, compact, options);
  const organizationId = verification.license?.organizationId ?? null;
  if (verification.state === "invalid" || !organizationId) return { organizationId, verification, installed: false };
  const org = await db.organization.findFirst({ where: { id: organizationId, deletedAt: null }, select: { id: true } });
  if (!org) return { organizationId, verification, installed: false };
  const current = await db.installedLicense.findUnique({ where: { organizationId }, select: { token: true } });
  if (current?.token === compact) {
    return { organizationId, verification: (await reconcileInstalledLicense(db, organizationId, options)) ?? verification, installed: true };
  }
  return { organizationId, verification: await installLicense(db, systemActor("licensing"), organizationId, compact, "environment", options), installed: true };
}

/** Re-checks every installed licence (the API does so hourly), so a licence passing into grace or past it is applied without anyone looking. */
export async function reconcileAllInstalledLicenses(db: Db, options: LicensingOptions = {}): Promise<number> {
  const rows = await db.installedLicense.findMany({ select: { organizationId: true } });
  for (const row of rows) await reconcileInstalledLicense(db, row.organizationId, options);
  return rows.length;
}
