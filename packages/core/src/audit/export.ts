/**
 * Exporting the audit log as CSV or NDJSON: a generator of chunks that reads
 * in keyset batches, so memory stays flat whatever the size. The HTTP
 * download and the background export job write the same bytes.
 *
 * CSV is written by PostgreSQL's own CSV writer (COPY), the fastest there is:
 * RFC 4180 quoting, LF line ends, UTC times to the millisecond, nothing for
 * null and "" for an empty string.
 */
import { copyCsv, Prisma, queryRaw, type Db } from "@atrium/db";
import { AUDIT_COLUMNS, auditWhere, type AuditFilter, type AuditRow } from "./search.ts";

export type ExportFormat = "csv" | "ndjson";

/** NDJSON events per query. */
const NDJSON_BATCH = 10_000;

export const CSV_COLUMNS = [
  "occurred_at", "seq", "id", "action", "status", "actor_type", "actor_id", "actor_label", "impersonator_id",
  "resource_type", "resource_id", "ip", "user_agent", "request_id", "details", "personal", "hash",
] as const;

/** A text a spreadsheet would run as a formula (first character = + - @ tab CR) gets a leading '. */
const neutralized = (column: string) => `CASE WHEN ascii(${column}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${column} ELSE ${column} END`;

/** The same for JSON, whose text can start a formula only as a negative number: checked without writing the text twice. */
const neutralizedJson = (column: string) =>
  `CASE WHEN jsonb_typeof(${column}) = 'number' AND ${column} < '0' THEN '''' || ${column}::text ELSE ${column}::text END`;

/**
 * The CSV_COLUMNS of an event, for COPY: it quotes a field holding a quote,
 * comma, CR or LF, and an empty string. Columns that cannot start a formula
 * (time, numbers, ids, actions, enums, hex) go as they are; JSON is
 * PostgreSQL's jsonb text.
 */
const CSV_SELECT = Prisma.raw(
  [
    `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    "seq",
    "id",
    "action",
    "status",
    "actor_type",
    neutralized("actor_id"),
    neutralized("actor_label"),
    "impersonator_id",
    neutralized("resource_type"),
    neutralized("resource_id"),
    neutralized("ip"),
    neutralized("user_agent"),
    neutralized("request_id"),
    neutralizedJson("details"),
    neutralizedJson("personal"),
    "encode(hash, 'hex')",
  ].join(", "),
);

/** The keyset condition: events after seq `after`, or all of them. */
const afterSeq = (after: bigint | null): Prisma.Sql => (after !== null ? Prisma.sql`AND seq > ${after}` : Prisma.empty);

/** A stretch of an export: the events after seq `after` up to seq `last`. */
interface Range {
  after: bigint | null;
  last: bigint;
  rows: number;
  /** Fewer events than asked for: the export ends here. */
  end: boolean;
}

/** The range of the next `size` events after seq `after` (from the `(organization_id, seq)` index). */
async function nextRange(db: Db, where: Prisma.Sql, after: bigint | null, size: number): Promise<Range | null> {
  const [range] = await queryRaw<{ last: bigint | null; rows: bigint }>(db, Prisma.sql`
    SELECT max(seq) AS last, count(*) AS rows
      FROM (SELECT seq FROM audit_events WHERE ${where} ${afterSeq(after)} ORDER BY seq LIMIT ${size}) AS r`);
  if (!range || range.last === null) return null;
  const rows = Number(range.rows);
  return { after, last: range.last, rows, end: rows < size };
}

/** The events of a range as CSV records, written by COPY. */
function copyRange(db: Db, where: Prisma.Sql, range: Range): Promise<Buffer> {
  const data = copyCsv(db, Prisma.sql`SELECT ${CSV_SELECT} FROM audit_events WHERE ${where} ${afterSeq(range.after)} AND seq <= ${range.last} ORDER BY seq`);
  data.catch(() => {}); // awaited in turn; handled here in case the reader stops first
  return data;
}

/** Bytes of CSV per batch, read whole before it is sent, so that no connection waits on a slow reader. */
const BATCH_BYTES = 8 << 20;

/**
 * COPYs at once, on as many connections: one alone leaves the second core
 * idle and ran at about 0.6× of a plain COPY of the same rows, two at about
 * 0.8–0.9× (`npm run bench:audit`), three hardly more.
 */
const IN_FLIGHT = 2;

/**
 * The CSV records in batches, in seq order. Ranges are read one after the
 * other (each starts where the last ended), their COPYs run IN_FLIGHT at a
 * time. A batch is 10,000 events at first, then as many as make
 * BATCH_BYTES at the bytes per event seen so far, so memory stays flat:
 * besides the batch being sent, at most IN_FLIGHT are held.
 */
async function* csvBatches(db: Db, where: Prisma.Sql): AsyncGenerator<{ data: Buffer; rows: number }> {
  let size = 10_000;
  let range = await nextRange(db, where, null, size);
  const pending: { data: Promise<Buffer>; rows: number }[] = [];
  while (range || pending.length) {
    while (range && pending.length < IN_FLIGHT) {
      pending.push({ data: copyRange(db, where, range), rows: range.rows });
      range = range.end ? null : await nextRange(db, where, range.last, size);
    }
    const batch = pending.shift()!;
    const data = await batch.data;
    size = Math.min(100_000, Math.max(1_000, Math.round(BATCH_BYTES / (data.length / batch.rows))));
    yield { data, rows: batch.rows };
  }
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
): AsyncGenerator<Buffer> {
  const where = auditWhere(organizationId, filter);
  let total = 0;
  if (format === "csv") {
    yield Buffer.from(`${CSV_COLUMNS.join(",")}\n`);
    for await (const batch of csvBatches(db, where)) {
      yield batch.data;
      total += batch.rows;
      await onRows?.(total);
    }
    return;
  }
  let after: bigint | null = null;
  for (;;) {
    const rows: (Omit<AuditRow, "seq"> & { seq: bigint })[] = await db.$queryRaw`
      SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE ${where} ${afterSeq(after)}
       ORDER BY seq LIMIT ${NDJSON_BATCH}`;
    if (rows.length === 0) break;
    let chunk = "";
    for (const raw of rows) chunk += ndjsonLine({ ...raw, seq: Number(raw.seq) });
    yield Buffer.from(chunk);
    total += rows.length;
    await onRows?.(total);
    after = rows.at(-1)!.seq;
    if (rows.length < NDJSON_BATCH) break;
  }
}
