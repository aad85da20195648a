/**
 * `@atrium/core/invitations`: invitations to join an organization.
 * Exports only what other packages use; everything else stays inside core.
 */
export {
  acceptInvitation,
  acceptInvitationAsNewUser,
  declineInvitation,
  inviteMember,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "./service.ts";
