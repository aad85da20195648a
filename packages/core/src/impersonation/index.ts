/**
 * `@atrium/core/impersonation`: audited "log in as customer" for platform staff.
 * Exports only what other packages use; everything else stays inside core.
 */
export {
  decideImpersonation,
  endImpersonation,
  expireImpersonations,
  impersonationPolicy,
  listOrgImpersonations,
  listStaffImpersonations,
  liveImpersonations,
  loadImpersonatedAccess,
  requestImpersonation,
  setImpersonationPolicy,
} from "./service.ts";
