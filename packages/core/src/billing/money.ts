/**
 * Money is an integer amount of a currency's minor unit (bigint), never a
 * float. USD, EUR and GBP all have two decimal places; the table keeps that
 * explicit so a zero-decimal currency would be one line.
 */
export const CURRENCIES = ["usd", "eur", "gbp"] as const;
export type Currency = (typeof CURRENCIES)[number];

export const MINOR_UNITS: Record<Currency, number> = { usd: 2, eur: 2, gbp: 2 };

/** The issuer (legal entity) that invoices in each currency. */
export const ISSUER_FOR_CURRENCY: Record<Currency, string> = { usd: "atrium-us", eur: "atrium-eu", gbp: "atrium-uk" };

/** a × b ÷ c rounded half away from zero, in integers (c > 0). */
export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  if (c <= 0n) throw new RangeError("divisor must be positive");
  const n = a * b;
  const q = n / c;
  const r = n % c;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= c) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** "1,234.56 USD"-style display: `formatMoney(123456n, "usd")` → "$1,234.56". */
export function formatMoney(amountMinor: bigint, currency: Currency): string {
  const digits = MINOR_UNITS[currency];
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = digits ? `.${(abs % scale).toString().padStart(digits, "0")}` : "";
  const symbol = { usd: "$", eur: "€", gbp: "£" }[currency];
  return `${negative ? "-" : ""}${symbol}${whole}${fraction}`;
}

/** Parses "1234.5" (major units, as typed in a form) into minor units; refuses more decimals than the currency has. */
export function parseMajor(value: string, currency: Currency): bigint {
  const digits = MINOR_UNITS[currency];
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m || (m[2] && m[2].length > digits)) throw new RangeError(`not an amount in ${currency.toUpperCase()}: ${value}`);
  return BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((m[2] ?? "").padEnd(digits, "0") || "0");
}
