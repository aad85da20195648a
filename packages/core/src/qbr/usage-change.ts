/**
 * Quarter-over-quarter usage, like with like. Metering may start (or a QBR be
 * made) part-way through a quarter: a quarter with one month of data is not a
 * fair base for one with three ("up 300%"). When either quarter lacks data on
 * some of its days, the change compares the average per day with data, and
 * the summary says so and names the shorter coverage.
 */
import { formatNumber } from "@atrium/format";

export interface UsageWindow {
  quarter: string;
  /** API calls + operations in the quarter. */
  total: number;
  daysWithData: number;
  daysInQuarter: number;
}

export interface UsageComparison {
  /** Percent change, rounded; null when either quarter has no data. */
  change: number | null;
  /** True when averages per day with data were compared instead of totals. */
  perDay: boolean;
}

const pct = (now: number, before: number) => Math.round(((now - before) / before) * 100);

export function compareUsage(now: UsageWindow, before: UsageWindow): UsageComparison {
  if (now.daysWithData === 0 || before.daysWithData === 0 || before.total === 0) return { change: null, perDay: false };
  const complete = now.daysWithData >= now.daysInQuarter && before.daysWithData >= before.daysInQuarter;
  if (complete) return { change: pct(now.total, before.total), perDay: false };
  return { change: pct(now.total / now.daysWithData, before.total / before.daysWithData), perDay: true };
}

/** The summary's usage sentence. */
export function usageSentence(name: string, now: UsageWindow, before: UsageWindow, c: UsageComparison): string {
  const made = `${name} made ${formatNumber(Math.round(now.total))} API calls and operations in ${now.quarter}`;
  if (c.change === null) return `${made}.`;
  const direction = `${c.change >= 0 ? "up" : "down"} ${Math.abs(c.change)}%`;
  if (!c.perDay) return `${made}, ${direction} on ${before.quarter}.`;
  const perDay = (w: UsageWindow) => formatNumber(Math.round(w.total / w.daysWithData));
  const partial = [now, before].filter((w) => w.daysWithData < w.daysInQuarter).map((w) => `${w.quarter} has data for ${w.daysWithData} of ${w.daysInQuarter} days`);
  return `${made}: ${perDay(now)} a day, ${direction} on ${before.quarter}'s ${perDay(before)} a day (averages per day with data, as ${partial.join(" and ")}).`;
}
