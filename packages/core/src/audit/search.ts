/**
 * Searching an organization's audit log: filters on actor, actions, resource,
 * status, time range, IP and free text, newest first with keyset pagination
 * on the chain's sequence number (unique per organization, so pages never
 * skip or repeat under concurrent writes), and counts by action and by day
 * for charts.
 */
import { Prisma, queryRaw, type Db } from "@atrium/db";
import { AppError } from "../errors.ts";
import { auditResourceNames, resourceKey } from "./resource-names.ts";

export interface AuditFilter {
  actor?: string | undefined;
  actions?: readonly string[] | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  status?: "success" | "denied" | "error" | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  ip?: string | undefined;
  q?: string | undefined;
}

export interface AuditRow {
  id: string;
  seq: number;
  occurredAt: Date;
  action: string;
  status: "success" | "denied" | "error";
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  impersonatorId: string | null;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  personal: Record<string, unknown>;
  hash: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE clause (organization first, so every search is tenant-scoped). */
export function auditWhere(organizationId: string, f: AuditFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`organization_id = ${organizationId}::uuid`];
  if (f.actor) {
    parts.push(
      /^[0-9a-f-]{36}$/.test(f.actor)
        ? Prisma.sql`actor_id = ${f.actor}`
        : Prisma.sql`actor_label ILIKE ${`%${likeEscape(f.actor)}%`}`,
    );
  }
  if (f.actions?.length) {
    const exact = f.actions.filter((a) => !a.endsWith(".*"));
    const prefixes = f.actions.filter((a) => a.endsWith(".*")).map((a) => `${likeEscape(a.slice(0, -1))}%`);
    const alternatives: Prisma.Sql[] = [];
    if (exact.length) alternatives.push(Prisma.sql`action = ANY(${exact}::text[])`);
    for (const p of prefixes) alternatives.push(Prisma.sql`action LIKE ${p}`);
    parts.push(Prisma.sql`(${Prisma.join(alternatives, " OR ")})`);
  }
  if (f.resourceType) parts.push(Prisma.sql`resource_type = ${f.resourceType}`);
  if (f.resourceId) parts.push(Prisma.sql`resource_id = ${f.resourceId}`);
  if (f.status) parts.push(Prisma.sql`status = ${f.status}::audit_status`);
  if (f.from) parts.push(Prisma.sql`occurred_at >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`occurred_at < ${f.to}`);
  if (f.ip) parts.push(Prisma.sql`ip = ${f.ip}`);
  if (f.q) {
    const needle = `%${likeEscape(f.q)}%`;
    parts.push(Prisma.sql`(details::text ILIKE ${needle} OR personal::text ILIKE ${needle} OR resource_id ILIKE ${needle})`);
  }
  return Prisma.join(parts, " AND ");
}

export const AUDIT_COLUMNS = Prisma.sql`
  id::text AS id, seq, occurred_at AS "occurredAt", action, status::text AS status, actor_type::text AS "actorType",
  actor_id AS "actorId", actor_label AS "actorLabel", impersonator_id::text AS "impersonatorId",
  resource_type AS "resourceType", resource_id AS "resourceId", ip, user_agent AS "userAgent",
  request_id AS "requestId", details, personal, encode(hash, 'hex') AS hash`;

export function encodeCursor(row: { seq: number }): string {
  return Buffer.from(`seq:${row.seq}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new AppError("BAD_REQUEST", { userMessage: "The page cursor is not valid; start from the first page." });
  return Number(match[1]);
}

export async function searchAudit(
  db: Db,
  organizationId: string,
  filter: AuditFilter,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ rows: (AuditRow & { resourceName: string | null })[]; nextCursor: string | null }> {
  const before = page.cursor ? decodeCursor(page.cursor) : null;
  const keyset = before !== null ? Prisma.sql`AND seq < ${before}` : Prisma.empty;
  const rows = await queryRaw<Omit<AuditRow, "seq"> & { seq: bigint }>(db, Prisma.sql`
    SELECT ${AUDIT_COLUMNS}
      FROM audit_events
     WHERE ${auditWhere(organizationId, filter)} ${keyset}
     ORDER BY seq DESC
     LIMIT ${page.limit + 1}`);
  const more = rows.length > page.limit;
  const list = rows.slice(0, page.limit).map((r) => ({ ...r, seq: Number(r.seq) }));
  const names = await auditResourceNames(db, organizationId, list);
  const named = list.map((r) => ({ ...r, resourceName: r.resourceId ? (names.get(resourceKey(r.resourceType, r.resourceId)) ?? null) : null }));
  return { rows: named, nextCursor: more ? encodeCursor(list.at(-1)!) : null };
}

export async function auditStats(db: Db, organizationId: string, filter: AuditFilter) {
  const where = auditWhere(organizationId, filter);
  const [byAction, byDay] = await Promise.all([
    db.$queryRaw<{ action: string; count: bigint }[]>`
      SELECT action, count(*) AS count FROM audit_events WHERE ${where} GROUP BY action ORDER BY count DESC LIMIT 50`,
    db.$queryRaw<{ day: Date; success: bigint; denied: bigint; error: bigint }[]>`
      SELECT date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS day,
             count(*) FILTER (WHERE status = 'success') AS success,
             count(*) FILTER (WHERE status = 'denied') AS denied,
             count(*) FILTER (WHERE status = 'error') AS error
        FROM audit_events WHERE ${where} GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    byAction: byAction.map((r) => ({ action: r.action, count: Number(r.count) })),
    byDay: byDay.map((r) => ({
      day: r.day.toISOString().slice(0, 10),
      success: Number(r.success),
      denied: Number(r.denied),
      error: Number(r.error),
    })),
  };
}
