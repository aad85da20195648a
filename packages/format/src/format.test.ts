import { describe, expect, it } from "vitest";
import { formatBytes, formatCompact, formatDate, formatDateTime, formatCount, formatDays, formatMoney, formatMonth, formatNumber, formatPercent, formatTime } from "./format.ts";

describe("format", () => {
  it("shows money from minor units with its currency, exact beyond 2^53 cents", () => {
    expect(formatMoney(123456n, "usd")).toBe("$1,234.56");
    expect(formatMoney(48_000_000, "eur", { whole: true })).toBe("€480,000");
    expect(formatMoney(-5n, "gbp")).toBe("-£0.05");
    expect(formatMoney(110085530469599n, "usd")).toBe("$1,100,855,304,695.99");
    expect(formatMoney(null, "usd")).toBe("—");
  });

  it("shows a calendar day as that day whatever the time zone, and a moment as a day", () => {
    expect(formatDate("2026-12-07")).toBe("Dec 7, 2026");
    expect(formatDate(new Date(2026, 11, 7, 23, 30))).toBe("Dec 7, 2026");
    expect(formatDate(undefined)).toBe("—");
    expect(formatTime(new Date(2026, 11, 7, 14, 0))).toBe("02:00 PM");
    expect(formatTime(null)).toBe("—");
  });

  it("shows a moment to the minute, or to the second when asked", () => {
    const moment = new Date(2026, 11, 7, 14, 36, 5);
    expect(formatDateTime(moment)).toBe("Dec 7, 2026, 02:36 PM");
    expect(formatDateTime(moment, { seconds: true })).toBe("Dec 7, 2026, 02:36:05 PM");
    expect(formatDateTime("not a date", { seconds: true })).toBe("—");
  });

  it("shows sizes in binary units and big counts compactly", () => {
    expect([formatBytes(0), formatBytes(1536), formatBytes(5n * 1024n ** 3n)]).toEqual(["0 B", "1.5 KB", "5 GB"]);
    expect([formatCompact(34_000_000), formatCompact(2_600_000), formatCompact(950)]).toEqual(["34M", "2.6M", "950"]);
    expect(formatNumber(1234567n)).toBe("1,234,567");
  });

  it("shows ratios as percentages with at most one decimal", () => {
    expect([formatPercent(0.625), formatPercent(1), formatPercent(0.99995), formatPercent(null)]).toEqual(["62.5%", "100%", "100%", "—"]);
  });

  it("keeps an uptime commitment's decimals when asked, instead of rounding it up to 100%", () => {
    expect([formatPercent(99.95 / 100, { fine: true }), formatPercent(99.9 / 100, { fine: true }), formatPercent(0.99995, { fine: true })]).toEqual(["99.95%", "99.9%", "99.995%"]);
  });

  it("shows a stored month as its name and year", () => {
    expect([formatMonth("2026-11"), formatMonth("2026-01-31"), formatMonth(null), formatMonth("soon")]).toEqual(["Nov 2026", "Jan 2026", "—", "—"]);
  });

  it("counts things with the noun agreeing", () => {
    expect([formatCount(1, "member"), formatCount(1200, "member"), formatCount(0, "event"), formatCount(2n, "policy", "policies"), formatCount(undefined, "member")]).toEqual(["1 member", "1,200 members", "0 events", "2 policies", "—"]);
  });

  it("counts days with grouping and the right noun", () => {
    expect([formatDays(1), formatDays(-1), formatDays(30), formatDays(1095), formatDays(0), formatDays(null)]).toEqual(["1 day", "-1 day", "30 days", "1,095 days", "0 days", "—"]);
  });
});
