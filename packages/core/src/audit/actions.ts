/**
 * Every audit action Atrium writes, `resource.verb`. Adding a mutation means
 * adding its action here first; the writer accepts nothing else.
 */
export const AUDIT_ACTIONS = {
  "auth.login": "A sign-in with e-mail and password (success, or denied with the reason)",
  "auth.logout": "A session ended by its user",
  "access.denied": "A request refused because the actor lacks a permission",
  "org.create": "An organization was created",
  "user.create": "A user account was created",
  "membership.create": "A person was added to an organization with a role",
  "session.purge_expired": "Expired sessions were deleted by the session-cleanup job",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
