/**
 * The analytics page's state in its URL: a preset range (last 7, 30 or 90 days, ending today in
 * UTC) or a custom one (`from`..`to`), whether to compare with the previous period of the same
 * length, and whether to include child organizations.
 */
import { z } from "zod";

const ZDay = z.iso.date();
export const ZAnalyticsSearch = z.object({
  range: z.enum(["7d", "30d", "90d", "custom"]).default("30d").catch("30d"),
  from: ZDay.optional().catch(undefined),
  to: ZDay.optional().catch(undefined),
  compare: z.boolean().default(false).catch(false),
  subtree: z.boolean().default(false).catch(false),
});
export type TAnalyticsSearch = z.infer<typeof ZAnalyticsSearch>;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface DayRange {
  from: string;
  to: string;
}

/** The range the search names: a preset ending today, or the custom days (falling back to 30 days when incomplete). */
export function rangeOf(search: TAnalyticsSearch, now = Date.now()): DayRange {
  if (search.range === "custom" && search.from && search.to && search.from <= search.to) return { from: search.from, to: search.to };
  const days = search.range === "custom" ? 30 : Number.parseInt(search.range, 10);
  return { from: iso(now - (days - 1) * DAY), to: iso(now) };
}

/** The period of the same length just before the range. */
export function previousOf(range: DayRange): DayRange {
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / DAY) + 1;
  return { from: iso(Date.parse(range.from) - days * DAY), to: iso(Date.parse(range.from) - DAY) };
}
