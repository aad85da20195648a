/**
 * Statements sent straight to node-postgres, for the few hot paths where the
 * ORM's own work costs more than the database's (the audit writer's single
 * appends, the audit search and export). Only for a client made by
 * `createDb`, outside a transaction: inside `db.$transaction` the statement
 * must run on the transaction's connection, so it goes through Prisma (and
 * inside `pgTransaction`, through that transaction's connection).
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Db, SqlClient } from "./client-types.ts";
import type { Prisma } from "./generated/prisma/client.ts";

const pools = new WeakMap<object, pg.Pool>();

/** The client's own pool, while it is open: after $disconnect() Prisma opens a new one of its own, so calls go through Prisma. */
function openPoolOf(db: SqlClient): pg.Pool | undefined {
  const pool = pools.get(db);
  return pool && !pool.ending ? pool : undefined;
}

/** Called by createDb: the pool Prisma's adapter runs on, shared with the direct path. */
export function registerPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool);
}

const names = new Map<string, string>();
const MAX_NAMES = 5_000;

/**
 * One prepared statement per query text and connection, named as Prisma's adapter names them.
 * The names are remembered (the texts are the code's own, a bounded set): hashing the text on
 * every call was a visible share of a hot call's CPU.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `atrium_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** int8 as bigint, as Prisma returns it; everything else as node-postgres parses it (jsonb → object, timestamptz → Date). */
const parseInt8 = (value: string) => BigInt(value);
export const resultTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? parseInt8 : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/** Runs a write; returns the number of rows it touched. */
export async function executeRaw(db: SqlClient, query: Prisma.Sql): Promise<number> {
  const pool = openPoolOf(db);
  if (!pool) return db.$executeRaw(query);
  const result = await pool.query({ name: statementName(query.text), text: query.text, values: query.values, types: resultTypes });
  return result.rowCount ?? 0;
}

/** Runs a read. Rows hold node-postgres values with int8 as bigint: select text, numbers, jsonb and times only. */
export async function queryRaw<T>(db: SqlClient, query: Prisma.Sql): Promise<T[]> {
  const pool = openPoolOf(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  const result = await pool.query({ name: statementName(query.text), text: query.text, values: query.values, types: resultTypes });
  return result.rows as T[];
}

/** A value written into SQL text: COPY takes no bind parameters. Strings go through node-postgres' escapeLiteral. */
function literal(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "string") {
    // The simple-query protocol ends a statement's text at a NUL byte: a value holding one would cut the statement short.
    if (value.includes("\0")) throw new TypeError("a text holding a NUL character cannot be written into SQL");
    return pg.escapeLiteral(value);
  }
  if (typeof value === "bigint" || (typeof value === "number" && Number.isFinite(value))) return `(${value})`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `${pg.escapeLiteral(value.toISOString())}::timestamptz`;
  if (Array.isArray(value)) return value.length ? `ARRAY[${value.map(literal).join(", ")}]` : "'{}'";
  throw new TypeError(`a ${typeof value} cannot be written into SQL as a literal`);
}

/** The query's text with its values written in as literals. */
export function inlineSql(query: Prisma.Sql): string {
  return query.strings.reduce((text, part, i) => text + literal(query.values[i - 1]) + part);
}

/**
 * The rows of `query` as CSV, written by PostgreSQL's `COPY … TO STDOUT
 * WITH (FORMAT csv)` (far faster than formatting rows here) and read whole,
 * so that the connection never waits on whoever consumes the result: callers
 * bound the rows. Runs on a connection of the client's pool, outside any
 * transaction; after $disconnect() on a connection of its own.
 */
export async function copyCsv(db: Db, query: Prisma.Sql): Promise<Buffer> {
  const [client, release] = await connectionOf(db);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of client.query(copyTo(`COPY (${inlineSql(query)}) TO STDOUT WITH (FORMAT csv)`))) chunks.push(chunk as Buffer);
  } catch (error) {
    release(error as Error); // a connection left mid-COPY is not reused
    throw error;
  }
  release();
  return Buffer.concat(chunks);
}

type Release = (error?: Error) => void;

/** A connection of the client's pool for statements of its own (COPY, a transaction); after $disconnect() one opened for the purpose. */
export async function connectionOf(db: Db): Promise<[pg.ClientBase, Release]> {
  const pool = pools.get(db);
  if (!pool) throw new Error("A connection of its own needs a client made by createDb");
  return pool.ending ? ownConnection(pool) : pooledConnection(pool);
}

async function pooledConnection(pool: pg.Pool): Promise<[pg.ClientBase, Release]> {
  const client = await pool.connect();
  return [client, (error) => client.release(error)];
}

async function ownConnection(pool: pg.Pool): Promise<[pg.ClientBase, Release]> {
  const client = new pg.Client(pool.options);
  client.on("error", () => {}); // reported by the query that meets it
  await client.connect();
  return [client, () => void client.end().catch(() => {})];
}
