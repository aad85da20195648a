import { describe, expect, it } from "vitest";
import { formatBytes, formatCompact, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatTime } from "./format.ts";

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
});
