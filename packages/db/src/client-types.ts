/** The database handle's types, apart from client.ts so that direct.ts (which client.ts imports) can name them. */
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`; services accept either. */
export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;

/**
 * What a service that only sends SQL needs of its handle: a Db, a Tx, or a
 * transaction on node-postgres (pg-transaction.ts).
 */
export interface SqlClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}
