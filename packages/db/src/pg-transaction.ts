/**
 * A transaction on one connection of the client's own node-postgres pool,
 * without Prisma's interactive transaction, for the write paths that run
 * thousands of times in a row (a SCIM first sync creates every user of a
 * directory). Two things it does that Prisma's cannot:
 *
 * - `batch`: several statements in one round trip (the simple-query protocol;
 *   values written into the text as literals by `inlineSql`). `BEGIN` travels
 *   with the transaction's first statement, so the first batch costs no extra
 *   round trip.
 * - `commit`: the last statements and `COMMIT` in one round trip, so the rows
 *   they lock (an organization's audit-chain head, its statistics row) are
 *   held for one statement's execution instead of until another round trip
 *   ends.
 *
 * In READ COMMITTED each statement of a batch takes its own snapshot, as it
 * would if sent alone: a statement after a lock sees what the lock's previous
 * holder committed. Statements sent one by one (`$queryRaw`, `$executeRaw`)
 * are named prepared statements, as on the direct path. The transaction
 * rolls back when `work` throws (or a statement fails); the connection goes
 * back to the pool either way, or is dropped when it broke.
 */
import pg from "pg";
import type { Db, SqlClient } from "./client-types.ts";
import { connectionOf, inlineSql, resultTypes, statementName } from "./direct.ts";
import { Prisma } from "./generated/prisma/client.ts";

export interface PgTx extends SqlClient {
  /** Runs the statements in one round trip; resolves to each statement's rows, in order. */
  batch(queries: readonly Prisma.Sql[]): Promise<Record<string, unknown>[][]>;
  /** Runs the statements then COMMIT in one round trip; nothing may be sent after it. */
  commit(queries: readonly Prisma.Sql[]): Promise<Record<string, unknown>[][]>;
}

const sqlOf = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql =>
  query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);

export async function pgTransaction<T>(db: Db, work: (tx: PgTx) => Promise<T>): Promise<T> {
  const [client, release] = await connectionOf(db);
  // Changed by the statements' closures, so typed wide: TypeScript does not follow assignments made in them.
  let state = "idle" as "idle" | "open" | "done";
  let broken: Error | undefined;
  const guard = <R>(run: () => Promise<R>): Promise<R> => {
    if (state === "done") return Promise.reject(new Error("The transaction has already committed"));
    return run().catch((error: unknown) => {
      // An error the server did not send (a lost connection, a timeout) leaves the connection unusable.
      if (!(error instanceof pg.DatabaseError)) broken = error as Error;
      throw error;
    });
  };
  const begin = async () => {
    if (state === "idle") await client.query("BEGIN");
    state = "open";
  };
  const prepared = (query: Prisma.Sql) =>
    guard(async () => {
      await begin();
      return client.query({ name: statementName(query.text), text: query.text, values: query.values, types: resultTypes });
    });
  const unnamed = (text: string, values: unknown[]) =>
    guard(async () => {
      await begin();
      return client.query({ text, values, types: resultTypes });
    });
  const simple = (queries: readonly Prisma.Sql[], finish: boolean) =>
    guard(async () => {
      const head = state === "idle" ? ["BEGIN"] : [];
      const text = [...head, ...queries.map(inlineSql), ...(finish ? ["COMMIT"] : [])].join(";\n");
      state = "open";
      const result = (await client.query({ text, types: resultTypes })) as pg.QueryResult | pg.QueryResult[];
      if (finish) state = "done";
      const results = Array.isArray(result) ? result : [result];
      return results.slice(head.length, head.length + queries.length).map((r) => r.rows as Record<string, unknown>[]);
    });
  const tx: PgTx = {
    $queryRaw: async <R>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => (await prepared(sqlOf(query, values))).rows as R,
    $executeRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => (await prepared(sqlOf(query, values))).rowCount ?? 0,
    $queryRawUnsafe: async <R>(text: string, ...values: unknown[]) => (await unnamed(text, values)).rows as R,
    $executeRawUnsafe: async (text: string, ...values: unknown[]) => (await unnamed(text, values)).rowCount ?? 0,
    batch: (queries) => simple(queries, false),
    commit: (queries) => simple(queries, true),
  };
  try {
    const result = await work(tx);
    if (state === "open") await guard(() => client.query("COMMIT"));
    state = "done";
    release();
    return result;
  } catch (error) {
    if (state === "open" && !broken) await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    release(broken);
    throw error;
  }
}
