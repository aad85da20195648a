/**
 * Statements sent straight to node-postgres, for the few hot paths where the
 * ORM's own work costs more than the database's (the audit writer's single
 * appends, the audit search and export). Only for a client made by
 * `createDb`, outside a transaction: inside `db.$transaction` the statement
 * must run on the transaction's connection, so it goes through Prisma.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db, DbOrTx } from "./client.ts";
import type { Prisma } from "./generated/prisma/client.ts";

const pools = new WeakMap<object, pg.Pool>();

/** The client's own pool, while it is open: after $disconnect() Prisma opens a new one of its own, so calls go through Prisma. */
function openPoolOf(db: DbOrTx): pg.Pool | undefined {
  const pool = pools.get(db);
  return pool && !pool.ending ? pool : undefined;
}

/** Called by createDb: the pool Prisma's adapter runs on, shared with the direct path. */
export function registerPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** One prepared statement per query text and connection, named as Prisma's adapter names them. */
export const statementName = (text: string) => `atrium_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;

/** int8 as bigint, as Prisma returns it; everything else as node-postgres parses it (jsonb → object, timestamptz → Date). */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/** Runs a write; returns the number of rows it touched. */
export async function executeRaw(db: DbOrTx, query: Prisma.Sql): Promise<number> {
  const pool = openPoolOf(db);
  if (!pool) return db.$executeRaw(query);
  const result = await pool.query({ name: statementName(query.text), text: query.text, values: query.values, types });
  return result.rowCount ?? 0;
}

/** Runs a read. Rows hold node-postgres values with int8 as bigint: select text, numbers, jsonb and times only. */
export async function queryRaw<T>(db: DbOrTx, query: Prisma.Sql): Promise<T[]> {
  const pool = openPoolOf(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  const result = await pool.query({ name: statementName(query.text), text: query.text, values: query.values, types });
  return result.rows as T[];
}
