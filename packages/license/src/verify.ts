/**
 * Offline verification of a licence: no network, no lookup — the caller
 * passes the vendor's public keys (and, when it has one, its revocation list
 * and its installation id). Checks run in this order, the first failure
 * deciding the reason of an `invalid` licence:
 *
 *   1. malformed          not a compact JWS, or a header that is not a licence's
 *   2. unknown_kid        the header's key id is not among the public keys
 *   3. wrong_key          the key given under that id is not the key the id names
 *                         (its thumbprint differs): a substituted or mislabelled key
 *   4. tampered           the signature does not match the header and payload
 *   5. malformed          the signed payload is not a licence's claims
 *   6. revoked            the licence id is on the caller's revocation list
 *   7. wrong_installation bound to another installation than the caller's
 *   8. not_yet_valid      nbf is later than now + the clock tolerance
 *
 * A licence that passes is `valid` until exp, then `grace` for grace_days,
 * then `expired`. Both ends allow CLOCK_TOLERANCE_SECONDS of clock skew
 * between issuer and verifier (a licence 2 minutes past nbf-in-the-future is
 * valid, one 2 minutes past exp is still valid). Revocation is only known
 * where the revocation list is: an offline verifier without it accepts a
 * revoked licence until it expires.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { LICENSE_ALG, LICENSE_TYPE, ZLicenseClaims, type LicensePlan, type TLicenseClaims } from "./claims.js";
import { licenseKeyId, type LicensePublicKey } from "./keys.js";

/** Five minutes of skew between the issuer's clock and the verifier's. */
export const CLOCK_TOLERANCE_SECONDS = 300;
const DAY_MS = 86_400_000;

export type LicenseState = "valid" | "grace" | "expired" | "invalid";
export type LicenseInvalidReason = "malformed" | "unknown_kid" | "wrong_key" | "tampered" | "revoked" | "wrong_installation" | "not_yet_valid";

export interface LicenseInfo {
  id: string;
  issuer: string;
  organizationId: string;
  customer: string;
  edition: string;
  plan: LicensePlan;
  features: string[];
  seats: number;
  issuedAt: Date;
  notBefore: Date;
  expiresAt: Date;
  graceDays: number;
  graceEndsAt: Date;
  installationId: string | null;
  keyId: string;
}

export interface LicenseVerification {
  state: LicenseState;
  /** Why an `invalid` licence is refused; null otherwise. */
  reason: LicenseInvalidReason | null;
  /** The licence's terms once its signature verified (also for revoked, not-yet-valid or expired ones); null before. */
  license: LicenseInfo | null;
  /** Whole days until expiry (valid) or until the grace period ends (grace); null otherwise. */
  daysLeft: number | null;
  /** One sentence for a person. */
  message: string;
}

export interface VerifyLicenseOptions {
  /** The vendor's public keys (a JWKS's `keys`); retired keys are simply left out. */
  publicKeys: readonly (LicensePublicKey | JWK)[];
  now?: Date;
  /** This installation's id: a licence bound to another one is refused. */
  installationId?: string | null;
  /** The revocation list, where the verifier has one (Atrium's own instance does). */
  isRevoked?: (licenseId: string) => boolean;
  clockToleranceSeconds?: number;
}

const MESSAGES: Record<LicenseInvalidReason, string> = {
  malformed: "This is not a licence key, or it was cut short when copied.",
  unknown_kid: "This licence was signed with a key this installation does not know (or that was retired).",
  wrong_key: "The key this installation holds for this licence's key id is not the key that signed it.",
  tampered: "This licence has been altered since it was signed.",
  revoked: "This licence has been revoked by its issuer.",
  wrong_installation: "This licence is bound to another installation.",
  not_yet_valid: "This licence is not valid yet.",
};

const invalid = (reason: LicenseInvalidReason, license: LicenseInfo | null = null): LicenseVerification => ({ state: "invalid", reason, license, daysLeft: null, message: MESSAGES[reason] });

function infoOf(claims: TLicenseClaims, keyId: string): LicenseInfo {
  const expiresAt = new Date(claims.exp * 1000);
  return {
    id: claims.jti,
    issuer: claims.iss,
    organizationId: claims.sub,
    customer: claims.customer,
    edition: claims.edition,
    plan: claims.plan,
    features: claims.features,
    seats: claims.seats,
    issuedAt: new Date(claims.iat * 1000),
    notBefore: new Date(claims.nbf * 1000),
    expiresAt,
    graceDays: claims.grace_days,
    graceEndsAt: new Date(expiresAt.getTime() + claims.grace_days * DAY_MS),
    installationId: claims.installation_id ?? null,
    keyId,
  };
}

function headerOf(token: string): { kid: string } | null {
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return null;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== LICENSE_ALG || header.typ !== LICENSE_TYPE || typeof header.kid !== "string" || header.crit !== undefined) return null;
    return { kid: header.kid };
  } catch {
    return null;
  }
}

function parseClaims(payload: Uint8Array): TLicenseClaims | null {
  try {
    const parsed = ZLicenseClaims.safeParse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload)));
    return parsed.success && parsed.data.exp > parsed.data.nbf ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Verifies a licence token offline; never throws for a bad token (its state says why). */
export async function verifyLicense(token: string, options: VerifyLicenseOptions): Promise<LicenseVerification> {
  const now = (options.now ?? new Date()).getTime();
  const tolerance = (options.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS) * 1000;
  const compact = token.replace(/\s+/g, "");

  const header = headerOf(compact);
  if (!header) return invalid("malformed");
  const jwk = options.publicKeys.find((k) => k.kid === header.kid);
  if (!jwk) return invalid("unknown_kid");
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || (await licenseKeyId(jwk)) !== header.kid) return invalid("wrong_key");

  let payload: Uint8Array;
  try {
    const key = await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x }, LICENSE_ALG);
    ({ payload } = await compactVerify(compact, key, { algorithms: [LICENSE_ALG] }));
  } catch {
    return invalid("tampered");
  }
  const claims = parseClaims(payload);
  if (!claims) return invalid("malformed");
  const license = infoOf(claims, header.kid);

  if (options.isRevoked?.(license.id)) return invalid("revoked", license);
  if (license.installationId && options.installationId !== undefined && license.installationId !== options.installationId) return invalid("wrong_installation", license);
  if (license.notBefore.getTime() - tolerance > now) return invalid("not_yet_valid", license);

  const expiry = license.expiresAt.getTime() + tolerance;
  if (now <= expiry) {
    const daysLeft = Math.max(0, Math.ceil((license.expiresAt.getTime() - now) / DAY_MS));
    return { state: "valid", reason: null, license, daysLeft, message: `Licensed until ${license.expiresAt.toISOString().slice(0, 10)}.` };
  }
  const graceEnd = license.graceEndsAt.getTime() + tolerance;
  if (now <= graceEnd) {
    const daysLeft = Math.max(0, Math.ceil((license.graceEndsAt.getTime() - now) / DAY_MS));
    return { state: "grace", reason: null, license, daysLeft, message: "This licence has expired and is in its grace period." };
  }
  return { state: "expired", reason: null, license, daysLeft: null, message: "This licence has expired; the community tier applies." };
}
