/**
 * `@atrium/core/organizations`: organizations and their hierarchy.
 * Exports only what other packages use; everything else stays inside core.
 */
export { archiveOrganization, moveOrganization, renameOrganization, restoreOrganization, setRoleInheritance, updateBranding } from "./manage.ts";
export { createChildOrganization, getHierarchy, getOrganization, listMyOrganizations } from "./service.ts";
