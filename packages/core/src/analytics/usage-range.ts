/**
 * What every usage analytics query is asked for: an organization, optionally
 * with its subtree, over an inclusive range of UTC days, and the previous
 * period of equal length (the days just before `from`) for comparison.
 *
 * Scope: the organization itself, or with `subtree` every live descendant
 * (`path <@`). A child's subtree never contains its parent or its siblings;
 * who may ask for which organization is the caller's (the API's procedure
 * chain), this module only never widens the scope upwards.
 */
import type { DbOrTx } from "@atrium/db";
import { AppError, notFound } from "../errors.ts";

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export interface UsageQuery {
  organizationId: string;
  /** First and last UTC day, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  subtree?: boolean | undefined;
}

export interface ResolvedRange {
  organizationIds: string[];
  from: string;
  to: string;
  days: number;
  previousFrom: string;
  previousTo: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
export const dayString = (d: Date) => d.toISOString().slice(0, 10);
export const parseDay = (s: string) => new Date(`${s}T00:00:00.000Z`);
export const addDaysTo = (day: string, n: number) => dayString(new Date(parseDay(day).getTime() + n * DAY_MS));

/** Validates the range (BAD_REQUEST) and returns the days of both periods. */
export function rangeOf(from: string, to: string): Omit<ResolvedRange, "organizationIds"> {
  const valid = (s: string) => ISO_DAY.test(s) && dayString(parseDay(s)) === s;
  if (!valid(from) || !valid(to)) throw new AppError("BAD_REQUEST", { userMessage: "Choose a start and an end date." });
  const days = Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS) + 1;
  if (days < 1) throw new AppError("BAD_REQUEST", { userMessage: "The end date must be on or after the start date." });
  if (days > MAX_RANGE_DAYS) throw new AppError("BAD_REQUEST", { userMessage: `Choose a range of at most ${MAX_RANGE_DAYS} days.` });
  return { from, to, days, previousFrom: addDaysTo(from, -days), previousTo: addDaysTo(from, -1) };
}

/** The organization (and its live subtree when asked), NOT_FOUND when it does not exist. */
export async function scopeOf(db: DbOrTx, organizationId: string, subtree: boolean): Promise<string[]> {
  const rows = subtree
    ? await db.$queryRaw<{ id: string }[]>`
        SELECT o.id::text AS id FROM organizations r JOIN organizations o ON o.path <@ r.path AND o.deleted_at IS NULL
         WHERE r.id = ${organizationId}::uuid AND r.deleted_at IS NULL ORDER BY o.path`
    : await db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM organizations WHERE id = ${organizationId}::uuid AND deleted_at IS NULL`;
  if (!rows.length) throw notFound("The organization");
  return rows.map((r) => r.id);
}

export async function resolveRange(db: DbOrTx, query: UsageQuery): Promise<ResolvedRange> {
  const range = rangeOf(query.from, query.to);
  return { ...range, organizationIds: await scopeOf(db, query.organizationId, query.subtree ?? false) };
}

/** Every day of [from, to], in order. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDaysTo(d, 1)) out.push(d);
  return out;
}

/**
 * The days of [from, to] as the whole calendar months they contain (each by its first day) and the
 * days left over at either end, so a query reads a month's merged row instead of its days.
 */
export function monthsAndDays(from: string, to: string): { months: string[]; days: string[] } {
  const months: string[] = [];
  const days: string[] = [];
  for (let d = from; d <= to; ) {
    const next = addMonth(d);
    if (d.endsWith("-01") && addDaysTo(next, -1) <= to) {
      months.push(d);
      d = next;
    } else {
      days.push(d);
      d = addDaysTo(d, 1);
    }
  }
  return { months, days };
}
const addMonth = (day: string) => {
  const d = parseDay(day);
  return dayString(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
};
