import { describe, expect, it } from "vitest";
import { formatDuration } from "./format.ts";

describe("formatDuration", () => {
  it("reads a span to the minute, largest units first, the same either side of zero", () => {
    const minute = 60_000;
    expect([formatDuration(30_000), formatDuration(12 * minute), formatDuration(185 * minute), formatDuration(-185 * minute)]).toEqual(["< 1 m", "12 m", "3 h 05 m", "3 h 05 m"]);
    expect([formatDuration(2 * 1440 * minute + 4 * 60 * minute + 7 * minute), formatDuration(3 * 1440 * minute), formatDuration(null)]).toEqual(["2 d 4 h", "3 d", "—"]);
  });
});
