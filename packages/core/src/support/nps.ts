/**
 * NPS: members answer 0–10 with a comment; an organization's NPS is the share
 * of promoters (9–10) minus the share of detractors (0–6), in points −100…100.
 *
 * One computation everywhere: an organization's NPS counts the answers of its
 * whole subtree (a customer's NPS is everyone's at the customer) over the last
 * NPS_WINDOW_DAYS calendar days including today, with NPS_POINTS_SQL. The
 * customer card (npsSummary) and the health score's NPS component (recompute)
 * both use them, so they show the same number from the same answers.
 */
import { Prisma, type Db, type DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

export const NPS_WINDOW_DAYS = 90;

/** NPS points over the nps_responses rows aliased `n` of a group (null without answers). */
export const NPS_POINTS_SQL = Prisma.sql`round(100.0 * (count(*) FILTER (WHERE n.score >= 9) - count(*) FILTER (WHERE n.score <= 6)) / nullif(count(*), 0))`;

/** The window's condition on `n.created_at`, for the day `asOf` (a 'YYYY-MM-DD' UTC day). */
export const npsWindowSql = (asOf: string) => Prisma.sql`n.created_at >= ${asOf}::date - ${NPS_WINDOW_DAYS - 1}::int AND n.created_at < ${asOf}::date + 1`;

export function npsOf(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}

export async function respondNps(db: Db, actor: Actor, organizationId: string, userId: string, input: { score: number; comment: string }): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.npsResponse.create({ data: { organizationId, userId, score: input.score, comment: input.comment }, select: { id: true } });
    await recordAudit(tx, actor, { action: "nps.respond", organizationId, resource: { type: "nps_response", id: row.id }, details: { score: input.score } });
    return row;
  });
}

export interface NpsSummary {
  /** Over the last NPS_WINDOW_DAYS days. */
  nps: number | null;
  responses: number;
  /** NPS by month over the last 12 months (months with answers). */
  trend: { month: string; nps: number; responses: number }[];
  recent: { score: number; comment: string; respondent: string | null; createdAt: Date }[];
}

/** NPS of an organization and its subtree. */
export async function npsSummary(db: DbOrTx, organizationId: string, today = new Date()): Promise<NpsSummary> {
  const asOf = today.toISOString().slice(0, 10);
  const trend = await db.$queryRaw<{ month: string; nps: number; responses: number }[]>`
    SELECT to_char(date_trunc('month', n.created_at), 'YYYY-MM') AS month,
           round(100.0 * (count(*) FILTER (WHERE n.score >= 9) - count(*) FILTER (WHERE n.score <= 6)) / count(*))::int AS nps,
           count(*)::int AS responses
      FROM nps_responses n JOIN organizations o ON o.id = n.organization_id
     WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid)
       AND n.created_at >= date_trunc('month', now()) - interval '11 months'
     GROUP BY 1 ORDER BY 1`;
  const last90 = await db.$queryRaw<{ score: number; comment: string; respondent: string | null; created_at: Date }[]>`
    SELECT n.score::int AS score, n.comment, u.name AS respondent, n.created_at
      FROM nps_responses n JOIN organizations o ON o.id = n.organization_id LEFT JOIN users u ON u.id = n.user_id
     WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid)
       AND ${npsWindowSql(asOf)}
     ORDER BY n.created_at DESC`;
  const [window] = await db.$queryRaw<{ nps: number | null; responses: number }[]>`
    SELECT ${NPS_POINTS_SQL}::int AS nps, count(*)::int AS responses
      FROM nps_responses n JOIN organizations o ON o.id = n.organization_id
     WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid) AND ${npsWindowSql(asOf)}`;
  return {
    nps: window?.nps ?? null,
    responses: window?.responses ?? 0,
    trend,
    recent: last90.slice(0, 20).map((r) => ({ score: r.score, comment: r.comment, respondent: r.respondent, createdAt: r.created_at })),
  };
}
