/**
 * `@atrium/core/groups`: groups of members, the subjects of resource grants.
 * Exports only what other packages use; everything else stays inside core.
 */
export { deleteGroup, listGroups, saveGroup } from "./service.ts";
