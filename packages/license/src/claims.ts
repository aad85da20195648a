/**
 * What a licence says. A licence is a compact JWS (RFC 7515) signed with
 * EdDSA (Ed25519), header `{ alg: "EdDSA", typ: "atrium-license+jwt", kid }`,
 * whose payload holds these claims (JWT names where JWT has one, seconds
 * since the epoch for times):
 *
 *   iss              who issued it (the vendor's Atrium, e.g. its public URL)
 *   sub              the customer organization's id
 *   jti              the licence's id (a revocation names it)
 *   iat, nbf, exp    issued, valid from, valid until
 *   customer         the organization's name, for people reading the licence
 *   edition          the edition sold ("Enterprise", "Business", …)
 *   plan             the plan tier it unlocks: free | team | business | enterprise
 *   features         every feature it enables (the plan's, plus any additions)
 *   seats            how many active members it covers (over-use is shown, never refused)
 *   grace_days       days after exp during which it still unlocks its plan
 *   installation_id  when bound, the one installation that may use it
 */
import { z } from "zod";

export const LICENSE_TYPE = "atrium-license+jwt";
export const LICENSE_ALG = "EdDSA";

/** The plan tiers a licence can unlock (packages/rbac PLANS). */
export const LICENSE_PLANS = ["free", "team", "business", "enterprise"] as const;
export type LicensePlan = (typeof LICENSE_PLANS)[number];

export const ZLicenseClaims = z.object({
  iss: z.string().min(1).max(200),
  sub: z.string().min(1).max(100),
  jti: z.string().min(1).max(100),
  iat: z.number().int().nonnegative(),
  nbf: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
  customer: z.string().max(200),
  edition: z.string().min(1).max(60),
  plan: z.enum(LICENSE_PLANS),
  features: z.array(z.string().min(1).max(60)).max(100),
  seats: z.number().int().positive(),
  grace_days: z.number().int().min(0).max(365),
  installation_id: z.string().min(1).max(100).optional(),
});
export type TLicenseClaims = z.infer<typeof ZLicenseClaims>;

/** The claims a licence is signed with, in the caller's units (dates rather than seconds). */
export interface LicenseTerms {
  issuer: string;
  licenseId: string;
  organizationId: string;
  customer: string;
  edition: string;
  plan: LicensePlan;
  features: readonly string[];
  seats: number;
  notBefore: Date;
  expiresAt: Date;
  graceDays: number;
  installationId?: string | null;
  issuedAt?: Date;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function claimsOf(terms: LicenseTerms): TLicenseClaims {
  return {
    iss: terms.issuer,
    sub: terms.organizationId,
    jti: terms.licenseId,
    iat: seconds(terms.issuedAt ?? new Date()),
    nbf: seconds(terms.notBefore),
    exp: seconds(terms.expiresAt),
    customer: terms.customer,
    edition: terms.edition,
    plan: terms.plan,
    features: [...terms.features],
    seats: terms.seats,
    grace_days: terms.graceDays,
    ...(terms.installationId ? { installation_id: terms.installationId } : {}),
  };
}
