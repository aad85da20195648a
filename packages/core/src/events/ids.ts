/**
 * Event ids: `evt_` + a ULID (48-bit millisecond time, 80 random bits,
 * Crockford base32), so ids sort by creation time and carry no sequence an
 * outsider could count. Ordering for cursors is the position, not the id.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newEventId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(10);
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let rest = "";
  for (let i = 0; i < 16; i++) {
    rest = ALPHABET[Number(bits & 31n)]! + rest;
    bits >>= 5n;
  }
  return `evt_${time}${rest}`;
}
