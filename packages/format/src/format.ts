/**
 * One way to show numbers, money, dates and sizes in both consoles. Every page formats through
 * here so an amount, a day or a byte count reads the same wherever it appears. The locale is
 * fixed (en-US) so tests and screenshots are stable; dates are shown in the viewer's time zone.
 */

const LOCALE = "en-US";
const DASH = "—";

type Maybe<T> = T | null | undefined;

/** ISO 4217 code in any case ("usd", "EUR"). */
export type CurrencyCode = string;

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: CurrencyCode, fractionDigits: 0 | 2): Intl.NumberFormat {
  const key = `${currency.toUpperCase()}:${fractionDigits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * Money held as integer minor units (cents), with its currency: "$1,234.56", "€480,000".
 * A bigint never passes through a float, so amounts beyond 2^53 cents stay exact
 * (Intl formats the decimal string itself). `whole` drops the cents for summaries (ARR, totals).
 */
export function formatMoney(minor: Maybe<bigint | number>, currency: CurrencyCode, opts: { whole?: boolean } = {}): string {
  if (minor === null || minor === undefined) return DASH;
  const cents = typeof minor === "bigint" ? minor : BigInt(Math.round(minor));
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const decimal = `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  // Intl.NumberFormat.format accepts a decimal string and keeps its precision (ES2023 Intl.NumberFormat v3).
  return moneyFormat(currency, opts.whole ? 0 : 2).format(decimal as unknown as number);
}

const DATE = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric" });
const DATE_UTC = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat(LOCALE, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const DATE_TIME_SECONDS = new Intl.DateTimeFormat(LOCALE, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const TIME = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit" });

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * A day: "Dec 7, 2026". A calendar day without a time ("2026-12-07", as contract and renewal
 * dates are stored) is shown as that day everywhere, not shifted by the viewer's time zone.
 */
export function formatDate(value: Maybe<Date | string | number>): string {
  if (value === null || value === undefined) return DASH;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return DATE_UTC.format(new Date(`${value}T00:00:00Z`));
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? DASH : DATE.format(date);
}

const MONTH_UTC = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", timeZone: "UTC" });

/** A calendar month as stored ("2026-11", or any day of it): "Nov 2026", whatever the time zone. */
export function formatMonth(value: Maybe<string>): string {
  const match = value ? /^(\d{4})-(\d{2})/.exec(value) : null;
  return match ? MONTH_UTC.format(new Date(`${match[1]}-${match[2]}-01T00:00:00Z`)) : DASH;
}

/** A time of day, for a chart's hours: "02:00 PM" in the viewer's time zone. */
export function formatTime(value: Maybe<Date | string | number>): string {
  if (value === null || value === undefined) return DASH;
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? DASH : TIME.format(date);
}

/**
 * A moment: "Dec 7, 2026, 02:36 PM" in the viewer's time zone. `seconds` adds them
 * ("Dec 7, 2026, 02:36:05 PM") where the order of close events matters, as in the audit log.
 */
export function formatDateTime(value: Maybe<Date | string | number>, opts: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined) return DASH;
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return DASH;
  return (opts.seconds ? DATE_TIME_SECONDS : DATE_TIME).format(date);
}

/**
 * A span of time, to the minute, largest units first: "2 d 4 h", "3 h 05 m", "12 m"; a negative
 * span reads the same (say "overdue" around it). Under a minute: "< 1 m".
 */
export function formatDuration(ms: Maybe<number>): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return DASH;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return "< 1 m";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h ${String(rest).padStart(2, "0")} m`;
  return `${rest} m`;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;
const ONE_DECIMAL = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A size in binary units with at most one decimal: 0 B, 1.5 KB, 12.3 GB. */
export function formatBytes(value: Maybe<bigint | number>): string {
  if (value === null || value === undefined) return DASH;
  let n = Number(value);
  let unit = 0;
  while (Math.abs(n) >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${ONE_DECIMAL.format(n)} ${BYTE_UNITS[unit]}`;
}

const COMPACT = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const PLAIN = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

/** A big count made short for axes and cards: 2.6M, 34K, 950. */
export function formatCompact(value: Maybe<bigint | number>): string {
  if (value === null || value === undefined) return DASH;
  return COMPACT.format(Number(value));
}

/** A count with grouping: 1,234,567. */
export function formatNumber(value: Maybe<bigint | number>): string {
  if (value === null || value === undefined) return DASH;
  return PLAIN.format(typeof value === "bigint" ? (value.toString() as unknown as number) : value);
}

const PERCENT = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });
const PERCENT_FINE = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 3 });

/**
 * A ratio (0–1) as a percentage with at most one decimal: 0.625 → "62.5%". `fine` keeps up to
 * three decimals where the digits are the point, as in an uptime commitment (0.9995 → "99.95%",
 * which one decimal would round up to a promise of 100%).
 */
export function formatPercent(ratio: Maybe<number>, opts: { fine?: boolean } = {}): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return DASH;
  return (opts.fine ? PERCENT_FINE : PERCENT).format(ratio);
}

/**
 * A count with its noun: "1 member", "1,200 members", "2 policies" (give the plural when adding
 * "s" is wrong). The noun agrees with the number so pages do not write `member{n === 1 ? "" : "s"}`.
 */
export function formatCount(count: Maybe<number | bigint>, singular: string, plural = `${singular}s`): string {
  if (count === null || count === undefined || (typeof count === "number" && Number.isNaN(count))) return DASH;
  const one = typeof count === "bigint" ? count === 1n || count === -1n : Math.abs(count) === 1;
  return `${formatNumber(count)} ${one ? singular : plural}`;
}

/** A whole number of days: "1 day", "30 days", "1,095 days", "-3 days" (say "overdue" around it). */
export function formatDays(days: Maybe<number>): string {
  return formatCount(days, "day");
}
