import { describe, expect, it } from "vitest";
import { checkCondition, ipInRanges, isValidCidr } from "./conditions.ts";

const now = new Date("2026-11-23T14:30:00Z"); // a Monday

describe("ipInRanges", () => {
  it("matches IPv4, IPv6 and IPv4-mapped addresses against CIDR ranges", () => {
    expect(ipInRanges("203.0.113.7", ["203.0.113.0/24"])).toBe(true);
    expect(ipInRanges("203.0.114.7", ["203.0.113.0/24"])).toBe(false);
    expect(ipInRanges("2001:db8::42", ["2001:db8::/32"])).toBe(true);
    expect(ipInRanges("::ffff:203.0.113.7", ["203.0.113.0/24"])).toBe(true);
    expect(ipInRanges("203.0.113.7", ["::ffff:203.0.113.0/120"])).toBe(true);
    expect(ipInRanges("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });

  it("validates CIDR notation", () => {
    expect(isValidCidr("10.0.0.0/8")).toBe(true);
    expect(isValidCidr("2001:db8::/32")).toBe(true);
    expect(isValidCidr("10.0.0.0/33")).toBe(false);
    expect(isValidCidr("10.0.0.0")).toBe(false);
  });
});

describe("checkCondition", () => {
  it("explains an IP outside the allowlist", () => {
    expect(checkCondition({ type: "ip_allowlist" }, { now, ip: "198.51.100.1", ipAllowlist: ["203.0.113.0/24"] })).toEqual({
      ok: false,
      reason: "IP 198.51.100.1 is not in the organization's IP allowlist",
    });
  });

  it("requires MFA", () => {
    expect(checkCondition({ type: "mfa" }, { now, mfa: false }).ok).toBe(false);
    expect(checkCondition({ type: "mfa" }, { now, mfa: true }).ok).toBe(true);
  });

  it("matches a directory attribute against allowed values", () => {
    const finance = { type: "attribute" as const, attribute: "department", oneOf: ["Finance"] };
    expect(checkCondition(finance, { now, attributes: { department: "Finance" } })).toEqual({ ok: true, reason: 'department is "Finance"' });
    expect(checkCondition(finance, { now, attributes: { department: "Sales" } })).toEqual({
      ok: false,
      reason: 'department must be one of "Finance" (is "Sales")',
    });
    expect(checkCondition(finance, { now }).reason).toBe('department must be one of "Finance" (is unset)');
  });

  it("evaluates a time window in the given time zone", () => {
    const office = { type: "time_window" as const, timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00" };
    expect(checkCondition(office, { now }).ok).toBe(true); // 15:30 in Berlin, Monday
    expect(checkCondition(office, { now: new Date("2026-11-23T18:30:00Z") }).ok).toBe(false); // 19:30 Berlin
    expect(checkCondition(office, { now: new Date("2026-11-22T12:00:00Z") }).ok).toBe(false); // Sunday
    const night = { type: "time_window" as const, timezone: "UTC", days: [0, 1, 2, 3, 4, 5, 6], from: "22:00", to: "06:00" };
    expect(checkCondition(night, { now: new Date("2026-11-23T23:00:00Z") }).ok).toBe(true);
    expect(checkCondition(night, { now }).ok).toBe(false);
  });
});
