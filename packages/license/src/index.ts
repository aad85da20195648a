/**
 * @atrium/license — licence keys that unlock a plan offline: Ed25519-signed
 * compact JWS tokens issued by the vendor (signLicense) and verified with
 * only its public keys (verifyLicense). See docs/LICENSING.md.
 */
export { claimsOf, LICENSE_ALG, LICENSE_PLANS, LICENSE_TYPE, ZLicenseClaims, type LicensePlan, type LicenseTerms, type TLicenseClaims } from "./claims.js";
export { generateLicenseKey, licenseKeyId, publicKeyOf, type LicensePrivateKey, type LicensePublicKey } from "./keys.js";
export { signLicense } from "./sign.js";
export {
  CLOCK_TOLERANCE_SECONDS,
  verifyLicense,
  type LicenseInfo,
  type LicenseInvalidReason,
  type LicenseState,
  type LicenseVerification,
  type VerifyLicenseOptions,
} from "./verify.js";
