export { createDb, type Db, type DbOptions, type DbOrTx, type Tx } from "./client.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type {
  AuditEvent,
  Membership,
  Organization,
  Session,
  User,
} from "./generated/prisma/client.ts";
export {
  AuditActorType,
  AuditStatus,
  DataRegion,
  MembershipStatus,
  OrgStatus,
  PlanTier,
  PlatformRole,
  SystemRole,
  UserStatus,
} from "./generated/prisma/enums.ts";
export { isUniqueViolation } from "./errors.ts";
