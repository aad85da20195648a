/**
 * TOTP (RFC 6238) as authenticator apps speak it: 20-byte seeds, 30-second
 * steps, 6 digits, one step of clock drift either way. Each accepted code
 * records its step, so a code cannot be used twice (nor an older one after it).
 */
import { generateHOTP } from "@oslojs/otp";
import { createTOTPKeyURI } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { timingSafeEqual } from "node:crypto";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const DRIFT_STEPS = 1;

export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The key as people type it into an authenticator app: base32 in groups of four. */
export function manualEntryKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpUri(issuer: string, accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(issuer, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export const currentStep = (now = Date.now()) => BigInt(Math.floor(now / 1000 / TOTP_PERIOD_SECONDS));

/**
 * The step of the code when it matches one of the steps around now and is
 * newer than `lastUsedStep`; null otherwise. Comparisons are constant-time.
 */
export function matchTotp(key: Uint8Array, code: string, lastUsedStep: bigint | null, now = Date.now()): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = currentStep(now);
  let matched: bigint | null = null;
  for (let offset = -DRIFT_STEPS; offset <= DRIFT_STEPS; offset++) {
    const candidate = step + BigInt(offset);
    const expected = generateHOTP(key, candidate, TOTP_DIGITS);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code)) && (lastUsedStep === null || candidate > lastUsedStep)) matched = candidate;
  }
  return matched;
}
