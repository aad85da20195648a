import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketOf, bucketValue, mergeSketches, RELATIVE_ERROR, sketchFromPairs, sketchQuantile } from "./usage-sketch.ts";

const sketchOf = (values: readonly number[]) => sketchFromPairs(values.map((v) => ({ bucket: bucketOf(v), count: 1 })));
/** Nearest-rank quantile of exact values (as percentile_disc). */
const exactQuantile = (values: readonly number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]!;

describe("latency sketch", () => {
  it("reads every bucket within the relative error of each value in it", () => {
    for (const v of [0, 1, 2, 3, 7, 12, 13, 100, 999, 1000, 65_535, 2_147_483_647]) {
      const read = bucketValue(bucketOf(v));
      expect(Math.abs(read - v)).toBeLessThanOrEqual(RELATIVE_ERROR * v * (1 + 1e-12));
    }
    expect(RELATIVE_ERROR).toBeCloseTo(0.0385, 4);
  });

  it("merges by element-wise sum, whatever the grouping (days, organizations)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 600_000 }), { maxLength: 50 }), { minLength: 1, maxLength: 8 }), (groups) => {
        const merged = mergeSketches(groups.map(sketchOf));
        expect(merged).toEqual(sketchOf(groups.flat()));
        expect(mergeSketches([...groups].reverse().map(sketchOf))).toEqual(merged);
      }),
    );
  });

  it("answers p50/p95/p99 within the relative error of the exact nearest-rank percentile", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 1, maxLength: 400 }), fc.constantFrom(0.5, 0.95, 0.99), (values, q) => {
        const exact = exactQuantile(values, q);
        const read = sketchQuantile(sketchOf(values), q)!;
        expect(Math.abs(read - exact)).toBeLessThanOrEqual(RELATIVE_ERROR * exact + 0.05);
      }),
    );
    expect(sketchQuantile([], 0.5)).toBeNull();
  });
});
