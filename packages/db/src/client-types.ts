/** The database handle's types, apart from client.ts so that direct.ts (which client.ts imports) can name them. */
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`; services accept either. */
export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;
