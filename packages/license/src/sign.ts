/** Signing a licence (the vendor's side; needs a private key). */
import { CompactSign, importJWK } from "jose";
import { claimsOf, LICENSE_ALG, LICENSE_TYPE, ZLicenseClaims, type LicenseTerms } from "./claims.js";
import type { LicensePrivateKey } from "./keys.js";

/** The licence token: `<header>.<payload>.<signature>`, base64url, one line. */
export async function signLicense(terms: LicenseTerms, key: LicensePrivateKey): Promise<string> {
  const claims = ZLicenseClaims.parse(claimsOf(terms));
  if (claims.exp <= claims.nbf) throw new Error("A licence must expire after it starts");
  const privateKey = await importJWK(key, LICENSE_ALG);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: LICENSE_ALG, typ: LICENSE_TYPE, kid: key.kid })
    .sign(privateKey);
}
