import { describe, expect, it } from "vitest";
import { chartDefaults } from "./chart-defaults.ts";
import { niceTicks } from "./nice-ticks.ts";

describe("niceTicks", () => {
  it("steps evenly by 1, 2 or 5 times a power of ten from zero", () => {
    expect(niceTicks(0, 17)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(0, 34_000_000)).toEqual([0, 10_000_000, 20_000_000, 30_000_000, 40_000_000]);
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it("uses whole steps for whole things: no 0.25 users", () => {
    expect(niceTicks(0, 1, { integer: true })).toEqual([0, 1]);
    expect(niceTicks(0, 3, { integer: true })).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("covers negative ranges and draws an axis for a flat series", () => {
    expect(niceTicks(-100, 100)).toEqual([-100, -50, 0, 50, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0, { integer: true })).toEqual([0, 1]);
    expect(niceTicks(7, 7, { integer: true })).toEqual([0, 2, 4, 6, 8]);
  });
});

describe("chartDefaults", () => {
  const rows = [
    { day: "12-01", success: 1_200_000, denied: 1_400_000 },
    { day: "12-02", success: 300, denied: 0 },
  ];

  it("labels the axis compactly, shows the full number on hover, and reaches a stacked total", () => {
    const props = chartDefaults({ data: rows, series: [{ name: "success" }, { name: "denied" }], stacked: true, integer: true });
    expect(props.yAxisProps.ticks).toEqual([0, 1_000_000, 2_000_000, 3_000_000]);
    expect(props.yAxisProps.domain).toEqual([0, 3_000_000]);
    expect(props.yAxisProps.ticks.map(props.yAxisProps.tickFormatter)).toEqual(["0", "1M", "2M", "3M"]);
    expect(props.valueFormatter(2_600_000)).toBe("2,600,000");
    expect(props.yAxisProps.allowDecimals).toBe(false);
  });

  it("shows a legend from two series on, and keeps a fixed scale", () => {
    expect(chartDefaults({ data: rows, series: [{ name: "success" }, { name: "denied" }] }).withLegend).toBe(true);
    const health = chartDefaults({ data: [{ score: 64 }], series: [{ name: "score" }], domain: [0, 100] });
    expect(health.withLegend).toBe(false);
    expect(health.yAxisProps.ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });
});
