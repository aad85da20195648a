import { describe, expect, it } from "vitest";
import { daysOf, monthsAndDays } from "./usage-range.ts";

describe("monthsAndDays", () => {
  it("takes the whole calendar months and leaves the days at both ends", () => {
    const split = monthsAndDays("2026-01-30", "2026-04-02");
    expect(split).toEqual({ months: ["2026-02-01", "2026-03-01"], days: ["2026-01-30", "2026-01-31", "2026-04-01", "2026-04-02"] });
  });

  it("covers every day of the range exactly once, whatever the range", () => {
    for (const [from, to] of [["2026-02-01", "2026-02-28"], ["2025-12-08", "2026-12-07"], ["2026-03-15", "2026-03-15"], ["2024-02-01", "2024-02-28"], ["2028-01-31", "2028-03-01"]] as const) {
      const { months, days } = monthsAndDays(from, to);
      const covered = [...days, ...months.flatMap((m) => daysOf(m, new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).toISOString().slice(0, 10)))].sort();
      expect(covered).toEqual(daysOf(from, to));
      expect(months.every((m) => m.endsWith("-01"))).toBe(true);
    }
  });

  it("keeps a month with a missing last day as days", () => {
    expect(monthsAndDays("2024-02-01", "2024-02-28")).toEqual({ months: [], days: daysOf("2024-02-01", "2024-02-28") });
    expect(monthsAndDays("2024-02-01", "2024-02-29").months).toEqual(["2024-02-01"]);
  });
});
