import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { registerPool, statementName } from "./direct.ts";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`; services accept either. */
export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;

export interface DbOptions {
  /** Largest number of pooled connections (node-postgres default is 10). */
  maxConnections?: number;
  /** Milliseconds after which PostgreSQL cancels a statement. */
  statementTimeoutMs?: number;
}

/** A Prisma client over node-postgres for one database URL. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
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
