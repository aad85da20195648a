/**
 * `@atrium/core/workspaces`: workspaces and resource grants on them.
 * Exports only what other packages use; everything else stays inside core.
 */
export { createWorkspace, grantWorkspaceAccess, listGrants, listWorkspaces, revokeGrant, updateWorkspace, workspaceForDecision } from "./service.ts";
