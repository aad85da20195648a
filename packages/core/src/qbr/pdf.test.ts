/**
 * The QBR PDF read back as a person (or a copy-paste) reads it: its text
 * extracted with pdf.js (unpdf), with positions for the header and the axes.
 */
import { extractText, extractTextItems } from "unpdf";
import { describe, expect, it } from "vitest";
import { FIGURES, type FigureKey } from "./figures.ts";
import { qbrPdf } from "./pdf.ts";
import type { Figure, QbrContent } from "./service.ts";
import { compareUsage, usageSentence, type UsageWindow } from "./usage-change.ts";

const params: [string, string, string] = ["acme", "2026-07-01", "2026-10-01"];
const figure = (key: FigureKey, value: number | null, previous: number | null): Figure => ({
  key,
  label: FIGURES[key].label,
  unit: FIGURES[key].unit,
  value,
  previous,
  source: { sql: FIGURES[key].sql, params, previousParams: ["acme", "2026-04-01", "2026-07-01"] },
});

function content(): QbrContent {
  const values: Partial<Record<FigureKey, [number | null, number | null]>> = { api_calls: [4_800_000, 1_500_000], health_start: [72, 70], health_end: [64, 72], nps: [40, 20] };
  const figures = Object.fromEntries((Object.keys(FIGURES) as FigureKey[]).map((k) => [k, figure(k, values[k]?.[0] ?? 10, values[k]?.[1] ?? 8)])) as Record<FigureKey, Figure>;
  return {
    organization: { id: "00000000-0000-4000-8000-000000000001", name: "Acme Corp" },
    quarter: "2026-Q3",
    periodStart: "2026-07-01",
    periodEnd: "2026-10-01",
    figures,
    figureOrder: Object.keys(FIGURES) as FigureKey[],
    charts: {
      usageByMonth: {
        sql: "",
        params,
        rows: [
          { month: "2026-04", api_calls: 0, operations: 0 },
          { month: "2026-05", api_calls: 0, operations: 0 },
          { month: "2026-06", api_calls: 1_500_000, operations: 60_000 },
          { month: "2026-07", api_calls: 1_550_000, operations: 61_000 },
          { month: "2026-08", api_calls: 1_600_000, operations: 63_000 },
          { month: "2026-09", api_calls: 1_650_000, operations: 66_000 },
        ],
      },
      slaByMonth: { sql: "", params, rows: [{ month: "2026-07", uptime_pct: 99.95, p99_latency_ms: 410, uptime_target: 99.9, p99_target: 500 }] },
      healthByWeek: { sql: "", params, rows: ["2026-07-06", "2026-07-13", "2026-07-20", "2026-07-27", "2026-08-03"].map((week, i) => ({ week, score: 72 - i * 2 })) },
    },
    renewal: { renewalDate: "2027-01-31", daysLeft: 120, arrMinor: 48_000_000, currency: "usd" },
    summary: ["Health 72 → 64.", "Peak active users were 380 of 400 contracted seats (95%)."],
    expansionSignals: ["Seat utilization at 95%: propose more seats."],
    recommendations: ["Renewal on 2027-01-31 (120 days): start the renewal conversation."],
  };
}

describe("QBR PDF", () => {
  it("embeds a font that draws the arrow, and brands the first page with the vendor and the customer", async () => {
    const pdf = await qbrPdf(content());
    // pdf.js takes ownership of the bytes it is given: a copy each time.
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain("Health 72 → 64.");
    expect(text).not.toContain("!'");
    const { items } = await extractTextItems(new Uint8Array(pdf));
    const top = Math.max(...items[0]!.map((i) => i.y));
    const headerLine = items[0]!.filter((i) => i.y >= top - 4).map((i) => i.str);
    expect(headerLine).toEqual(expect.arrayContaining(["Atrium", "Acme Corp"]));
  });

  it("draws usage and health as charts with nice ticks and compact labels on their axes", async () => {
    const { items } = await extractTextItems(new Uint8Array(await qbrPdf(content())));
    const strings = items[0]!.map((i) => i.str);
    // Usage peaks at 1.65M: the axis runs 0 … 2M in steps of 500K, compact.
    for (const tick of ["0", "500K", "1M", "1.5M", "2M"]) expect(strings).toContain(tick);
    expect(strings.some((s) => /^\d{5,}$/.test(s))).toBe(false);
    // Health: 0–100 in steps of 20, and one label per week.
    for (const tick of ["20", "40", "60", "80", "100"]) expect(strings).toContain(tick);
    expect(strings).toEqual(expect.arrayContaining(["Apr 2026", "Jun 2026", "Aug 2026", "Jul 6", "Aug 3"]));
    expect(strings).toEqual(expect.arrayContaining(["API calls", "Operations"]));
    expect(strings.join(" ")).not.toMatch(/2026-07-06: 72/);
  });
});

describe("quarter-over-quarter usage", () => {
  const q3: UsageWindow = { quarter: "2026-Q3", total: 4_800_000, daysWithData: 92, daysInQuarter: 92 };
  it("compares totals when both quarters have data every day", () => {
    const q2: UsageWindow = { quarter: "2026-Q2", total: 4_000_000, daysWithData: 91, daysInQuarter: 91 };
    expect(compareUsage(q3, q2)).toEqual({ change: 20, perDay: false });
    expect(usageSentence("Acme", q3, q2, compareUsage(q3, q2))).toBe("Acme made 4,800,000 API calls and operations in 2026-Q3, up 20% on 2026-Q2.");
  });

  it("compares averages per day with data, and says so, when a quarter has one month of data", () => {
    const q2: UsageWindow = { quarter: "2026-Q2", total: 1_200_000, daysWithData: 30, daysInQuarter: 91 };
    // Totals would say "up 300%"; per day it is 52,174 against 40,000.
    expect(compareUsage(q3, q2)).toEqual({ change: 30, perDay: true });
    expect(usageSentence("Acme", q3, q2, compareUsage(q3, q2))).toBe(
      "Acme made 4,800,000 API calls and operations in 2026-Q3: 52,174 a day, up 30% on 2026-Q2's 40,000 a day (averages per day with data, as 2026-Q2 has data for 30 of 91 days).",
    );
  });

  it("makes no comparison with a quarter without data", () => {
    const q2: UsageWindow = { quarter: "2026-Q2", total: 0, daysWithData: 0, daysInQuarter: 91 };
    expect(compareUsage(q3, q2)).toEqual({ change: null, perDay: false });
    expect(usageSentence("Acme", q3, q2, compareUsage(q3, q2))).toBe("Acme made 4,800,000 API calls and operations in 2026-Q3.");
  });
});
