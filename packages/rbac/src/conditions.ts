/**
 * Attribute-based conditions that a custom role or a grant can carry: it
 * applies only while every condition holds. Each condition explains itself,
 * so a denial can say which one failed.
 */
import ipaddr from "ipaddr.js";

export type Condition =
  /** The request comes from an address in the organization's IP allowlist. */
  | { type: "ip_allowlist" }
  /** The session was established with multi-factor authentication. */
  | { type: "mfa" }
  /** A directory attribute of the member (e.g. department from the IdP) is one of the values. */
  | { type: "attribute"; attribute: string; oneOf: readonly string[] }
  /** Weekdays (0 = Sunday) and a time of day "HH:MM"–"HH:MM" in a time zone. */
  | { type: "time_window"; timezone: string; days: readonly number[]; from: string; to: string };

export interface ConditionContext {
  now: Date;
  ip?: string | undefined;
  mfa?: boolean | undefined;
  /** CIDR ranges of the organization's allowlist. */
  ipAllowlist?: readonly string[] | undefined;
  attributes?: Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
}

export interface ConditionResult {
  ok: boolean;
  /** "IP 203.0.113.7 is in the allowlist", "MFA was not used", … */
  reason: string;
}

/** Whether `ip` falls in one of the CIDR ranges (IPv4, IPv6, and IPv4-mapped IPv6). */
export function ipInRanges(ip: string, ranges: readonly string[]): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return false;
  }
  return ranges.some((range) => {
    try {
      const [network, bits] = ipaddr.parseCIDR(range);
      const candidate = network.kind() === "ipv6" && address.kind() === "ipv4" ? (address as ipaddr.IPv4).toIPv4MappedAddress() : address;
      return candidate.kind() === network.kind() && candidate.match([network, bits] as never);
    } catch {
      return false;
    }
  });
}

export function isValidCidr(range: string): boolean {
  try {
    ipaddr.parseCIDR(range);
    return true;
  } catch {
    return false;
  }
}

function localTime(now: Date, timezone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { day, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};

export function checkCondition(condition: Condition, context: ConditionContext): ConditionResult {
  switch (condition.type) {
    case "ip_allowlist": {
      const ranges = context.ipAllowlist ?? [];
      if (!context.ip) return { ok: false, reason: "the request's IP address is unknown" };
      return ipInRanges(context.ip, ranges)
        ? { ok: true, reason: `IP ${context.ip} is in the allowlist` }
        : { ok: false, reason: `IP ${context.ip} is not in the organization's IP allowlist` };
    }
    case "mfa":
      return context.mfa
        ? { ok: true, reason: "signed in with MFA" }
        : { ok: false, reason: "requires multi-factor authentication for this session" };
    case "attribute": {
      const raw = context.attributes?.[condition.attribute];
      const values = raw === undefined ? [] : typeof raw === "string" ? [raw] : raw;
      const match = values.find((v) => condition.oneOf.includes(v));
      return match !== undefined
        ? { ok: true, reason: `${condition.attribute} is "${match}"` }
        : { ok: false, reason: `${condition.attribute} must be one of ${condition.oneOf.map((v) => `"${v}"`).join(", ")} (is ${values.length ? values.map((v) => `"${v}"`).join(", ") : "unset"})` };
    }
    case "time_window": {
      const { day, minutes } = localTime(context.now, condition.timezone);
      const from = toMinutes(condition.from);
      const to = toMinutes(condition.to);
      const inTime = from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
      const ok = condition.days.includes(day) && inTime;
      const window = `${condition.from}–${condition.to} ${condition.timezone}`;
      return ok ? { ok: true, reason: `within ${window}` } : { ok: false, reason: `only allowed ${window} on the configured days` };
    }
  }
}

/** The first failing condition, or null when all hold. */
export function firstFailing(conditions: readonly Condition[] | undefined, context: ConditionContext): ConditionResult | null {
  for (const condition of conditions ?? []) {
    const result = checkCondition(condition, context);
    if (!result.ok) return result;
  }
  return null;
}
