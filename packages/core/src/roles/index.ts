/**
 * `@atrium/core/roles`: system and custom roles.
 * Exports only what other packages use; everything else stays inside core.
 */
export { createRole, deleteRole, listRoles, updateRole } from "./service.ts";
