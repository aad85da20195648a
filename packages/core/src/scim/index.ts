/**
 * `@atrium/core/scim`: SCIM 2.0 provisioning: the protocol handler, tokens, directory records and the sync job.
 * Exports only what other packages use; everything else stays inside core.
 */
export { authenticateScimToken, createScimToken, listScimTokens, revokeScimToken, rotateScimToken, scimActor, type ScimPrincipal } from "./tokens.ts";
export { ScimError } from "./errors.ts";
export { DEMO_SCIM_TOKEN } from "./demo.ts";
export { reconcileOrganization, recordSyncFailure, runScimSyncJob } from "./sync.ts";
export { listProvisionedGroups, listScimRequests, scimDeadLetters, scimOverview, setScimDefaultRole, setScimGroupRole, triggerScimReconcile } from "./admin.ts";
export { type JobQueue } from "./context.ts";
export { batchedScimRequestLog } from "./requests.ts";
export { handleScim } from "./service.ts";
export { userNameLookup } from "./users.ts";
export { MAX_PAYLOAD_BYTES } from "./schema.ts";
export { leaveScimUserUnlinked, linkScimUser, listProvisionedUsers } from "./link-admin.ts";
