import { describe, expect, it } from "vitest";
import { CLASS_WEIGHTS, pickClass } from "./mix.ts";
import { chartSvg, memoryTrend, p99Series, summarize, type Sample } from "./report.ts";

const sample = (t: number, ms: number, status = 200, cls: Sample["cls"] = "read"): Sample => ({ t, cls, op: "org.get", ms, status });

describe("load report", () => {
  it("summarizes latencies and counts every non-2xx answer as an error", () => {
    const samples = Array.from({ length: 100 }, (_, i) => sample(i / 10, i + 1, i === 5 ? 500 : 200));
    expect(summarize(samples, 10)).toEqual({ requests: 100, errors: 1, rps: 10, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it("calls memory flat unless the last third grows past 10 % (or 20 MB) of the first", () => {
    expect(memoryTrend([300, 302, 301, 305, 303, 304, 306, 302, 301])?.flat).toBe(true);
    expect(memoryTrend([300, 300, 300, 340, 360, 380, 400, 420, 440])?.flat).toBe(false);
    expect(memoryTrend([null, null])).toBeNull();
  });

  it("computes p99 per class per window and leaves out a short tail", () => {
    const samples = [sample(1, 10), sample(2, 30), sample(12, 50, 200, "write"), sample(20.5, 999)];
    expect(p99Series(samples, 20.5, 10)).toEqual([
      { t: 10, p99: { read: 30 } },
      { t: 20, p99: { write: 50 } },
    ]);
  });

  it("draws both charts with a legend for every series", () => {
    const svg = chartSvg({
      title: "test",
      seconds: 20,
      resources: [{ t: 0, apiMb: 300, workerMb: 200, postgresMb: 500, lag: null, waiting: null }, { t: 20, apiMb: 310, workerMb: 205, postgresMb: 505, lag: null, waiting: null }],
      p99: [{ t: 10, p99: { read: 20, write: 40 } }],
    });
    expect(svg.startsWith("<?xml")).toBe(true);
    for (const label of ["API", "worker", "PostgreSQL (sum)", "p99 read", "p99 export", "100 ms target"]) expect(svg).toContain(label);
    expect(svg.match(/<path /g)?.length).toBe(5);
  });

  it("never picks a class the user has no operation for", () => {
    for (let i = 0; i < 200; i++) expect(pickClass(CLASS_WEIGHTS, (c) => c !== "scim")).not.toBe("scim");
    expect(pickClass(CLASS_WEIGHTS, () => false)).toBeNull();
  });
});
