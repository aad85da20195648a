import { hash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/** A random secret for a URL or a cookie: `bytes` of entropy, lowercase base32. */
export function randomToken(bytes = 20): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

/** A random secret in base64url (no padding): `bytes` of entropy, for keys that follow that convention (`atrium_sk_…`). */
export function randomBase64url(bytes = 32): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase64urlNoPadding(buffer);
}

/** What is stored instead of a token: its SHA-256 (of the UTF-8 bytes), lowercase hex. Node's one-shot native hash: it runs on every request. */
export function sha256Hex(value: string): string {
  return hash("sha256", value, "hex");
}
