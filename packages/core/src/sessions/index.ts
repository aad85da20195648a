/**
 * `@atrium/core/sessions`: listing and revoking sign-in sessions.
 * Exports only what other packages use; everything else stays inside core.
 */
export { listMySessions, revokeMemberSessions, revokeMyOtherSessions, revokeMySession } from "./service.ts";
