/**
 * `@atrium/core/members`: an organization's members: list, change roles and status, transfer ownership, revoke access.
 * Exports only what other packages use; everything else stays inside core.
 */
export { bulkUpdateMembers, changeMemberRole, type Changer, listMembers, removeMember, setMemberStatus, transferOwnership } from "./service.ts";
