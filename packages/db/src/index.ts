export { createDb, type Db, type DbOptions, type DbOrTx, type Tx } from "./client.ts";
export type { SqlClient } from "./client-types.ts";
export { pgTransaction, type PgTx } from "./pg-transaction.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type {
  AuditEvent,
  EmailOutbox,
  Invitation,
  Membership,
  Organization,
  Role,
  Session,
  User,
} from "./generated/prisma/client.ts";
// Every enum, so declarations of packages that return them can name them.
export * from "./generated/prisma/enums.ts";
export { isDatabaseUnavailable, isUniqueViolation } from "./errors.ts";
export { copyCsv, executeRaw, inlineSql, queryRaw } from "./direct.ts";
