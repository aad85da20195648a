/**
 * User codes as RFC 8628 §6.1 suggests: eight letters from an alphabet
 * without vowels (no words) and without look-alikes, shown as `WDJB-MJHT`,
 * read back case- and dash-insensitively.
 */
import { randomInt } from "node:crypto";

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

export function generateUserCode(): string {
  return Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join("");
}

/** `WDJBMJHT` → `WDJB-MJHT`. */
export const formatUserCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What a person typed, as stored (`wdjb mjht`, `WDJB-MJHT` → `WDJBMJHT`), or null when it cannot be a code. */
export function normalizeUserCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  return new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`).test(code) ? code : null;
}
