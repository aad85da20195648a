export { createDb, type Db, type DbOptions, type DbOrTx, type Tx } from "./client.ts";
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
export {
  AuditActorType,
  AuditStatus,
  DataRegion,
  EmailStatus,
  GrantSubjectType,
  GroupSource,
  InvitationStatus,
  MembershipStatus,
  OrgStatus,
  PlanTier,
  PlatformRole,
  RetentionDataType,
  SystemRole,
  UserStatus,
  WorkspaceVisibility,
} from "./generated/prisma/enums.ts";
export { isDatabaseUnavailable, isUniqueViolation } from "./errors.ts";
export { copyCsv, executeRaw, inlineSql, queryRaw } from "./direct.ts";
