/**
 * What the admin console shows about an organization's licence: edition,
 * plan, seats used vs licensed, expiry, the warning due (30, 14 or 7 days
 * before expiry, and in grace) and — past grace or when the licence no
 * longer holds — that the organization runs on the community tier, with
 * nothing deleted. Reading it also applies a change of state that happened
 * since it was last looked at (reconcileInstalledLicense).
 */
import type { LicenseInvalidReason, LicenseState } from "@atrium/license";
import type { Db } from "@atrium/db";
import type { Plan } from "@atrium/rbac";
import { installationId, planOf, reconcileInstalledLicense, type LicensingOptions } from "./install.ts";
import type { LicenseTermsView } from "./issue.ts";

/** Days before expiry at which the console warns. */
export const EXPIRY_WARNINGS = [30, 14, 7] as const;

export interface LicenseStatus {
  installationId: string;
  installed: boolean;
  state: LicenseState | null;
  reason: LicenseInvalidReason | null;
  message: string | null;
  /** The plan the licence gives now (the community tier when it no longer holds). */
  plan: Plan | null;
  /** True when the licence no longer unlocks its plan (expired past grace, or invalid). */
  communityFallback: boolean;
  /** The smallest threshold (30, 14, 7) the days left have reached while valid; null otherwise. */
  warningDays: (typeof EXPIRY_WARNINGS)[number] | null;
  daysLeft: number | null;
  license: (LicenseTermsView & { id: string; customer: string; graceEndsAt: Date }) | null;
  seatsUsed: number;
  source: "environment" | "console" | null;
  installedAt: Date | null;
}

export async function licenseStatus(db: Db, organizationId: string, options: LicensingOptions = {}): Promise<LicenseStatus> {
  const verification = await reconcileInstalledLicense(db, organizationId, options);
  const [installation, seatsUsed, installed] = await Promise.all([
    installationId(db),
    db.membership.count({ where: { organizationId, status: "active" } }),
    db.installedLicense.findUnique({ where: { organizationId }, select: { source: true, installedAt: true } }),
  ]);
  if (!verification || !installed) {
    return { installationId: installation, installed: false, state: null, reason: null, message: null, plan: null, communityFallback: false, warningDays: null, daysLeft: null, license: null, seatsUsed, source: null, installedAt: null };
  }
  const l = verification.license;
  const warningDays = verification.state === "valid" && verification.daysLeft !== null ? ([...EXPIRY_WARNINGS].reverse().find((d) => verification.daysLeft! <= d) ?? null) : null;
  return {
    installationId: installation,
    installed: true,
    state: verification.state,
    reason: verification.reason,
    message: verification.message,
    plan: planOf(verification),
    communityFallback: verification.state === "expired" || verification.state === "invalid",
    warningDays,
    daysLeft: verification.daysLeft,
    license: l
      ? { id: l.id, customer: l.customer, edition: l.edition, plan: l.plan, features: l.features, seats: l.seats, notBefore: l.notBefore, expiresAt: l.expiresAt, graceEndsAt: l.graceEndsAt, installationId: l.installationId }
      : null,
    seatsUsed,
    source: installed.source as "environment" | "console",
    installedAt: installed.installedAt,
  };
}
