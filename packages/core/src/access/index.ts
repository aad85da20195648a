/**
 * `@atrium/core/access`: who may do what in an organization: loading a caller's access, decisions, the IP allowlist check, and the per-session access cache.
 * Exports only what other packages use; everything else stays inside core.
 */
export { authorize, contextFor, decideFor, enforceIpAllowlist, loadOrgAccess, type OrgAccess, permissionsOf, productPermissionsOf } from "./service.ts";
export { sessionWithOrgAccess } from "./session-access.ts";
export { SessionAccessCache } from "./session-access-cache.ts";
