export { bumpStats, type JobQueue, type ScimContext } from "./context.ts";
export { ScimError, SCIM_ERROR_SCHEMA, type ScimType } from "./errors.ts";
export { matches, parseFilter, parsePatchPath, type Filter } from "./filter.ts";
export { handleScim, type ScimRequest, type ScimResponse } from "./service.ts";
export { MAX_PAYLOAD_BYTES, ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, PATCH_SCHEMA } from "./schema.ts";
export { batchedScimRequestLog, logScimRequests, redactedExcerpt } from "./requests.ts";
export {
  authenticateScimToken,
  createScimToken,
  listScimTokens,
  revokeScimToken,
  rotateScimToken,
  scimActor,
  SCIM_RATE_LIMIT,
  SCIM_TOKEN_PREFIX,
  type ScimPrincipal,
} from "./tokens.ts";
export {
  SCIM_REQUEST_RETENTION_DAYS,
  SCIM_SYNC_QUEUE,
  reconcileOrganization,
  recomputeRoles,
  recordSyncFailure,
  runScimSyncJob,
  type ScimSyncJob,
} from "./sync.ts";
export {
  listProvisionedGroups,
  listScimRequests,
  scimDeadLetters,
  scimOverview,
  setScimDefaultRole,
  setScimGroupRole,
  triggerScimReconcile,
  type RoleTarget,
} from "./admin.ts";
export { leaveScimUserUnlinked, linkScimUser, listProvisionedUsers, type ProvisionedUserRow } from "./link-admin.ts";
export type { LinkIssue } from "./linking.ts";
export { DEMO_SCIM_TOKEN } from "./demo.ts";
