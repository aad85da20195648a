/**
 * Exporting the audit log as CSV or NDJSON: a generator of text chunks that
 * reads in keyset batches, so memory stays flat whatever the size. The HTTP
 * download and the background export job write the same bytes.
 */
import { Prisma, type Db } from "@atrium/db";
import { AUDIT_COLUMNS, auditWhere, type AuditFilter, type AuditRow } from "./search.ts";

export type ExportFormat = "csv" | "ndjson";

const BATCH = 2000;

export const CSV_COLUMNS = [
  "occurred_at", "seq", "id", "action", "status", "actor_type", "actor_id", "actor_label", "impersonator_id",
  "resource_type", "resource_id", "ip", "user_agent", "request_id", "details", "personal", "hash",
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; cells that a spreadsheet would run as formulas are prefixed with '. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(r: AuditRow): string {
  return [
    r.occurredAt, r.seq, r.id, r.action, r.status, r.actorType, r.actorId, r.actorLabel, r.impersonatorId,
    r.resourceType, r.resourceId, r.ip, r.userAgent, r.requestId, r.details, r.personal, r.hash,
  ].map(csvField).join(",") + "\r\n";
}

const ndjsonLine = (r: AuditRow) => `${JSON.stringify({ ...r, occurredAt: r.occurredAt.toISOString() })}\n`;

/** Counts the rows an export will contain (for progress). */
export async function countAudit(db: Db, organizationId: string, filter: AuditFilter): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_events WHERE ${auditWhere(organizationId, filter)}`;
  return Number(row?.n ?? 0);
}

/** In chain order (oldest first), so an export reads like the log it came from. `onRows` reports progress. */
export async function* exportAudit(
  db: Db,
  organizationId: string,
  filter: AuditFilter,
  format: ExportFormat,
  onRows?: (total: number) => void | Promise<void>,
): AsyncGenerator<string> {
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\r\n`;
  const where = auditWhere(organizationId, filter);
  let after: bigint | null = null;
  let total = 0;
  for (;;) {
    const keyset: Prisma.Sql = after !== null ? Prisma.sql`AND seq > ${after}` : Prisma.empty;
    const rows: (Omit<AuditRow, "seq"> & { seq: bigint })[] = await db.$queryRaw`
      SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE ${where} ${keyset}
       ORDER BY seq LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    let chunk = "";
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      chunk += format === "csv" ? csvLine(row) : ndjsonLine(row);
    }
    yield chunk;
    total += rows.length;
    await onRows?.(total);
    after = rows.at(-1)!.seq;
    if (rows.length < BATCH) break;
  }
}
