import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
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
  const adapter = new PrismaPg(
    {
      connectionString: url,
      max: options.maxConnections ?? 10,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    // Named statements: each connection parses and plans a query text once and reuses it.
    { statementNameGenerator: (query) => `atrium_${createHash("sha1").update(query.sql).digest("hex").slice(0, 24)}` },
  );
  return new PrismaClient({ adapter });
}
