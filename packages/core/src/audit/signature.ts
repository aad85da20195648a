/**
 * Signatures on what Atrium POSTs to customers' endpoints (alert webhooks,
 * generic SIEM streaming), Stripe-style:
 *
 *   Atrium-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The receiver recomputes the HMAC over the timestamp and the exact bytes it
 * received, compares in constant time, and refuses timestamps older than its
 * tolerance (replays).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomToken } from "../crypto.ts";

export const SIGNATURE_HEADER = "atrium-signature";

export const newSigningSecret = () => `whsec_${randomToken(24)}`;

export function signPayload(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** True when `header` signs `body` with `secret` within `toleranceSeconds` of `now`. */
export function verifySignature(secret: string, body: string, header: string | null | undefined, toleranceSeconds = 300, now = new Date()): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex"));
}
