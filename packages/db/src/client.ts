import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { registerPool, statementName } from "./direct.ts";
import type { Db } from "./client-types.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { Db, DbOrTx, Tx } from "./client-types.ts";

export interface DbOptions {
  /** Largest number of pooled connections (node-postgres default is 10). */
  maxConnections?: number;
  /** Milliseconds after which PostgreSQL cancels a statement. */
  statementTimeoutMs?: number;
  /**
   * Milliseconds after which the client gives up waiting for a query's answer
   * (a database or network that stops answering: the statement timeout never
   * reaches us then). Keep it above `statementTimeoutMs`.
   */
  queryTimeoutMs?: number;
  /** Milliseconds to wait for a pooled connection (or a new one) before failing; default: wait forever. */
  connectionTimeoutMs?: number;
}

/** A Prisma client over node-postgres for one database URL. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    ...(options.connectionTimeoutMs ? { connectionTimeoutMillis: options.connectionTimeoutMs } : {}),
  });
  // An idle connection that breaks is dropped from the pool; the next query opens another.
  pool.on("error", () => {});
  const adapter = new PrismaPg(pool, {
    // Named statements: each connection parses and plans a query text once and reuses it.
    statementNameGenerator: (query) => statementName(query.sql),
    // $disconnect() closes the pool.
    disposeExternalPool: true,
  });
  const db = new PrismaClient({ adapter });
  // The same pool serves the few statements sent without Prisma (./direct.ts).
  registerPool(db, pool);
  return db;
}
