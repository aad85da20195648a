/**
 * Every audit action Atrium writes, `resource.verb`. Adding a mutation means
 * adding its action here first; the writer accepts nothing else.
 */
export const AUDIT_ACTIONS = {
  "auth.login": "A sign-in with e-mail and password (success, or denied with the reason)",
  "auth.logout": "A session ended by its user",
  "access.denied": "A request refused because the actor lacks a permission",
  "org.create": "An organization was created",
  "org.ownership_transfer": "Ownership passed from one member to another",
  "user.create": "A user account was created",
  "membership.create": "A person was added to an organization with a role",
  "membership.role_change": "A member's role changed (before and after)",
  "membership.deactivate": "A member was deactivated",
  "membership.reactivate": "A member was reactivated",
  "membership.remove": "A member was removed",
  "invitation.create": "Someone was invited by e-mail",
  "invitation.resend": "An invitation was sent again with a new link",
  "invitation.revoke": "A pending invitation was revoked",
  "invitation.accept": "An invitation was accepted",
  "invitation.decline": "An invitation was declined",
  "role.create": "A custom role was created",
  "role.update": "A custom role's name, permissions or conditions changed",
  "role.delete": "A custom role was deleted",
  "session.purge_expired": "Expired sessions were deleted by the session-cleanup job",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
