/**
 * Exporting the audit log as CSV or NDJSON: a generator of text chunks that
 * reads in keyset batches, so memory stays flat whatever the size. The HTTP
 * download and the background export job write the same bytes.
 */
import { Prisma, queryRaw, type Db } from "@atrium/db";
import { AUDIT_COLUMNS, auditWhere, type AuditFilter, type AuditRow } from "./search.ts";

export type ExportFormat = "csv" | "ndjson";

/** Events per query: about 3 MB of CSV. */
const BATCH = 10_000;

export const CSV_COLUMNS = [
  "occurred_at", "seq", "id", "action", "status", "actor_type", "actor_id", "actor_label", "impersonator_id",
  "resource_type", "resource_id", "ip", "user_agent", "request_id", "details", "personal", "hash",
] as const;

/** Codes of the first characters that make a spreadsheet run a cell as a formula: = + - @ tab CR. */
const FORMULA_START = "(61, 43, 45, 64, 9, 13)";

/**
 * One CSV field, formatted by PostgreSQL: empty for null; a cell that a
 * spreadsheet would run as a formula is prefixed with '; quoted (RFC 4180)
 * when it holds a quote, comma, CR or LF. `column` is a text column of the
 * subquery in `csvBatch`.
 */
function csvField(column: string): string {
  const formula = `ascii(${column}) IN ${FORMULA_START}`;
  return `CASE WHEN ${column} IS NULL THEN ''
    WHEN ${column} ~ E'[",\\r\\n]' THEN '"' || CASE WHEN ${formula} THEN '''' ELSE '' END || replace(${column}, '"', '""') || '"'
    WHEN ${formula} THEN '''' || ${column}
    ELSE ${column} END`;
}

/**
 * A CRLF-terminated CSV record per event, built by the database (formatting
 * rows in JavaScript cost five times what PostgreSQL's COPY does). Columns that
 * cannot hold a special character (time, numbers, ids, actions, enums, hex) go
 * as they are; JSON columns are PostgreSQL's jsonb text.
 */
const CSV_LINE = Prisma.raw(
  [
    `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    "seq::text",
    "id",
    "action",
    "status",
    "actor_type",
    csvField("actor_id"),
    csvField("actor_label"),
    "coalesce(impersonator_id, '')",
    csvField("resource_type"),
    csvField("resource_id"),
    csvField("ip"),
    csvField("user_agent"),
    csvField("request_id"),
    csvField("details"),
    csvField("personal"),
    "hash",
  ].join(" || ',' || ") + ` || E'\\r\\n'`,
);

/** Up to BATCH events after seq `after`, in seq order, as one string of CSV records. */
async function csvBatch(db: Db, where: Prisma.Sql, after: bigint | null): Promise<{ text: string; last: bigint; rows: number } | null> {
  const keyset = after !== null ? Prisma.sql`AND seq > ${after}` : Prisma.empty;
  const [batch] = await queryRaw<{ text: string | null; last: bigint | null; rows: bigint }>(db, Prisma.sql`
    SELECT string_agg(${CSV_LINE}, '' ORDER BY seq) AS text, max(seq) AS last, count(*) AS rows
      FROM (SELECT seq, occurred_at, id::text AS id, action, status::text AS status, actor_type::text AS actor_type,
                   actor_id, actor_label, impersonator_id::text AS impersonator_id, resource_type, resource_id, ip,
                   user_agent, request_id, details::text AS details, personal::text AS personal, encode(hash, 'hex') AS hash
              FROM audit_events WHERE ${where} ${keyset}
             ORDER BY seq LIMIT ${BATCH}) AS e`);
  if (!batch || batch.text === null || batch.last === null) return null;
  return { text: batch.text, last: batch.last, rows: Number(batch.rows) };
}

const ndjsonLine = (r: AuditRow) => `${JSON.stringify({ ...r, occurredAt: r.occurredAt.toISOString() })}\n`;

/** Counts the rows an export will contain (for progress). */
export async function countAudit(db: Db, organizationId: string, filter: AuditFilter): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_events WHERE ${auditWhere(organizationId, filter)}`;
  return Number(row?.n ?? 0);
}

/**
 * In chain order (oldest first), so an export reads like the log it came
 * from. `onRows` reports progress. CSV is formatted by the database, NDJSON here.
 */
export async function* exportAudit(
  db: Db,
  organizationId: string,
  filter: AuditFilter,
  format: ExportFormat,
  onRows?: (total: number) => void | Promise<void>,
): AsyncGenerator<string> {
  const where = auditWhere(organizationId, filter);
  let total = 0;
  if (format === "csv") {
    yield `${CSV_COLUMNS.join(",")}\r\n`;
    let next = csvBatch(db, where, null);
    for (;;) {
      const batch = await next;
      if (!batch) break;
      // The database formats the next batch while this one is sent.
      const more = batch.rows === BATCH;
      if (more) {
        next = csvBatch(db, where, batch.last);
        next.catch(() => {}); // awaited on the next turn; handled here in case the reader stops first
      }
      yield batch.text;
      total += batch.rows;
      await onRows?.(total);
      if (!more) break;
    }
    return;
  }
  let after: bigint | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after !== null ? Prisma.sql`AND seq > ${after}` : Prisma.empty;
    const rows: (Omit<AuditRow, "seq"> & { seq: bigint })[] = await db.$queryRaw`
      SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE ${where} ${keyset}
       ORDER BY seq LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    let chunk = "";
    for (const raw of rows) chunk += ndjsonLine({ ...raw, seq: Number(raw.seq) });
    yield chunk;
    total += rows.length;
    await onRows?.(total);
    after = rows.at(-1)!.seq;
    if (rows.length < BATCH) break;
  }
}
