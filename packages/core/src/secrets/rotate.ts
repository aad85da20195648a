/**
 * Key rotation for secrets at rest: re-encrypts every sealed value (the
 * columns of SEALED_COLUMNS) that was made with an older key, under the
 * box's current key.
 *
 * 1. Check: every sealed value must open with the keys the box knows. If one
 *    does not (a key missing from ATRIUM_ENCRYPTION_KEYS_PREVIOUS, a corrupted
 *    or copied value), the run refuses before changing anything and reports
 *    each such row; the refusal is audited.
 * 2. Rotate: per column, batches of rows still on an older key, each batch in
 *    one transaction with its rows locked (a service changing a value at the
 *    same moment waits, and the row is re-read). Rows already on the current
 *    key are never selected, so a second run rewrites nothing and a run that
 *    stopped half-way simply continues.
 * 3. One `secrets.rotate` event on the platform log (system actor) with the
 *    counts per column.
 *
 * `dryRun` does the check and the counting only.
 */
import type { Db, DbOrTx, Prisma } from "@atrium/db";
import { systemActor, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import type { SecretBox } from "./box.ts";
import { SEALED_COLUMNS, sealedColumnName, type SealedColumn } from "./sealed-columns.ts";

export interface RotationOptions {
  dryRun?: boolean;
  batchSize?: number;
  actor?: Actor;
  /** The columns to visit (default: the registry); tests pass their own. */
  columns?: readonly SealedColumn[];
}

export interface ColumnCount {
  column: string;
  /** Non-null sealed values. */
  total: number;
  /** Values on an older key before this run. */
  stale: number;
  /** Values this run re-encrypted (0 on a dry run). */
  rotated: number;
}

export interface RotationFailure {
  column: string;
  id: string;
  reason: string;
}

export interface RotationReport {
  keyId: string;
  dryRun: boolean;
  /** True when some value could not be decrypted: nothing was changed. */
  refused: boolean;
  columns: ColumnCount[];
  failures: RotationFailure[];
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

interface Row {
  id: string;
  sealed: string;
}

/** The SQL type of a column (the id's, to compare keyset bounds); refuses a registry entry the database lacks. */
async function columnType(db: DbOrTx, table: string, column: string): Promise<string> {
  const [row] = await db.$queryRaw<{ type: string }[]>`
    SELECT format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname = ${table} AND a.attname = ${column} AND NOT a.attisdropped`;
  if (!row) throw new Error(`Sealed column registry names ${table}.${column}, which the database does not have`);
  return row.type;
}

/** One page of a column's sealed values after `after` (keyset on the id column), optionally only stale ones, optionally locked. */
function page(db: DbOrTx, c: SealedColumn, idType: string, after: string | null, limit: number, filter: { staleFor?: string; lock?: boolean }) {
  const where = [`${quote(c.column)} IS NOT NULL`];
  const params: unknown[] = [limit];
  if (after !== null) {
    params.push(after);
    where.push(`${quote(c.idColumn)} > $${params.length}::${idType}`);
  }
  if (filter.staleFor) {
    params.push(filter.staleFor);
    where.push(`split_part(${quote(c.column)}, '.', 2) <> $${params.length}`);
  }
  const sql = `SELECT ${quote(c.idColumn)}::text AS id, ${quote(c.column)} AS sealed FROM ${quote(c.table)}
    WHERE ${where.join(" AND ")} ORDER BY ${quote(c.idColumn)} LIMIT $1${filter.lock ? " FOR UPDATE" : ""}`;
  return db.$queryRawUnsafe<Row[]>(sql, ...params);
}

function tryOpen(box: SecretBox, c: SealedColumn, row: Row): string | null {
  try {
    box.decrypt(row.sealed, c.context(row.id));
    return null;
  } catch (error) {
    return (error as Error).message || "does not decrypt";
  }
}

export async function rotateSecrets(db: Db, box: SecretBox, options: RotationOptions = {}): Promise<RotationReport> {
  const { dryRun = false, batchSize = 500, actor = systemActor("secrets-rotate"), columns = SEALED_COLUMNS } = options;
  const report: RotationReport = { keyId: box.currentKeyId, dryRun, refused: false, columns: [], failures: [] };
  const idTypes = new Map<SealedColumn, string>();

  // 1. Check every value opens; count.
  for (const c of columns) {
    idTypes.set(c, await columnType(db, c.table, c.idColumn));
    await columnType(db, c.table, c.column);
    const count: ColumnCount = { column: sealedColumnName(c), total: 0, stale: 0, rotated: 0 };
    let after: string | null = null;
    for (;;) {
      const rows = await page(db, c, idTypes.get(c)!, after, batchSize, {});
      for (const row of rows) {
        count.total++;
        if (box.needsRotation(row.sealed)) count.stale++;
        const reason = tryOpen(box, c, row);
        if (reason) report.failures.push({ column: count.column, id: row.id, reason });
      }
      if (rows.length < batchSize) break;
      after = rows.at(-1)!.id;
    }
    report.columns.push(count);
  }

  if (report.failures.length > 0) {
    report.refused = true;
    if (!dryRun) {
      await recordAudit(db, actor, {
        action: "secrets.rotate",
        organizationId: null,
        status: "error",
        resource: { type: "encryption_key", id: box.currentKeyId },
        details: { refused: true, undecryptable: report.failures.map((f) => `${f.column}:${f.id}`).slice(0, 100) },
      });
    }
    return report;
  }
  if (dryRun) return report;

  // 2. Rotate, batch by batch.
  for (const c of columns) {
    const count = report.columns.find((x) => x.column === sealedColumnName(c))!;
    const idType = idTypes.get(c)!;
    let after: string | null = null;
    for (;;) {
      const { rows, last } = await db.$transaction(async (tx) => {
        const rows = await page(tx, c, idType, after, batchSize, { staleFor: box.currentKeyId, lock: true });
        const rewritten: { id: string; sealed: string }[] = [];
        for (const row of rows) {
          let plaintext: string;
          try {
            plaintext = box.decrypt(row.sealed, c.context(row.id));
          } catch (error) {
            // Changed since the check by something that did not use this ring: leave it, report it.
            report.failures.push({ column: count.column, id: row.id, reason: (error as Error).message });
            continue;
          }
          rewritten.push({ id: row.id, sealed: box.encrypt(plaintext, c.context(row.id)) });
        }
        if (rewritten.length > 0) {
          const keyIdSet = c.keyIdColumn ? `, ${quote(c.keyIdColumn)} = $3` : "";
          await tx.$executeRawUnsafe(
            `UPDATE ${quote(c.table)} AS t SET ${quote(c.column)} = v.sealed${keyIdSet}
               FROM unnest($1::text[], $2::text[]) AS v(id, sealed)
              WHERE t.${quote(c.idColumn)} = v.id::${idType}`,
            rewritten.map((r) => r.id),
            rewritten.map((r) => r.sealed),
            ...(c.keyIdColumn ? [box.currentKeyId] : []),
          );
        }
        return { rows: rewritten.length, last: rows.at(-1)?.id ?? null };
      });
      count.rotated += rows;
      if (last === null) break;
      after = last;
    }
  }

  // 3. Audit the run.
  await recordAudit(db, actor, {
    action: "secrets.rotate",
    organizationId: null,
    status: report.failures.length > 0 ? "error" : "success",
    resource: { type: "encryption_key", id: box.currentKeyId },
    details: {
      keyId: box.currentKeyId,
      columns: Object.fromEntries(report.columns.map((c) => [c.column, { total: c.total, rotated: c.rotated }])) as Prisma.InputJsonObject,
      ...(report.failures.length > 0 ? { undecryptable: report.failures.map((f) => `${f.column}:${f.id}`).slice(0, 100) } : {}),
    },
  });
  return report;
}
