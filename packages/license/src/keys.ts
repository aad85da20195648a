/**
 * Licence signing keys: Ed25519 key pairs as JWKs. A key's id is the RFC 7638
 * thumbprint of its public JWK, so a verifier can tell a key that does not
 * match its id (a substituted or mislabelled key: `wrong_key`) from a key it
 * does not know (`unknown_kid`).
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { LICENSE_ALG } from "./claims.js";

export interface LicensePublicKey {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: typeof LICENSE_ALG;
  use: "sig";
}

export interface LicensePrivateKey extends LicensePublicKey {
  d: string;
}

/** The key id of a public key: its SHA-256 JWK thumbprint (base64url). */
export function licenseKeyId(jwk: Pick<JWK, "kty" | "crv" | "x">): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "sha256");
}

export async function generateLicenseKey(): Promise<LicensePrivateKey> {
  const { privateKey } = await generateKeyPair(LICENSE_ALG, { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x || !jwk.d) throw new Error("Unexpected Ed25519 JWK");
  const kid = await licenseKeyId(jwk);
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d, kid, alg: LICENSE_ALG, use: "sig" };
}

/** The public half (what verifiers are given; safe to publish). */
export function publicKeyOf(key: LicensePrivateKey | LicensePublicKey): LicensePublicKey {
  return { kty: key.kty, crv: key.crv, x: key.x, kid: key.kid, alg: key.alg, use: key.use };
}
