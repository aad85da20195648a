/**
 * The date range every analytics procedure of the page side takes: UTC days `from`..`to`
 * inclusive (`YYYY-MM-DD`), at most 366 days, optionally over the organization's subtree
 * (a parent sees its subtree; the caller's permission is checked on `orgId`, so a child
 * never reaches its parent or siblings).
 */
import { z } from "zod";

const DAY = 86_400_000;
export const MAX_RANGE_DAYS = 366;

const ZDay = z.iso.date({ error: "Enter a date as YYYY-MM-DD." });

export const ZAnalyticsRange = z
  .object({
    from: ZDay,
    to: ZDay,
    subtree: z.boolean().default(false),
  })
  .refine((r) => r.from <= r.to, { error: "The range must end on or after its first day.", path: ["to"] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / DAY + 1 <= MAX_RANGE_DAYS, { error: `The range can cover at most ${MAX_RANGE_DAYS} days.`, path: ["to"] });
export type TAnalyticsRange = z.infer<typeof ZAnalyticsRange>;
