/**
 * The event catalogue: every event type Atrium emits to the vendor's
 * applications (GET /v1/events and webhooks), `<noun>.<verb>`, with the shape
 * of its `data`. The contract with the SDK's decision cache: an event whose
 * data has `userId` invalidates decisions for (organizationId, userId);
 * organization.* and directory_group.* events invalidate the whole
 * organization.
 */
export interface EventData {
  /** A SCIM record linked to an account was created active, or reactivated. */
  "user.provisioned": { userId: string; email: string; scimUserId: string };
  /** A SCIM record linked to an account was deactivated or deleted. */
  "user.deprovisioned": { userId: string; email: string; scimUserId: string };
  "membership.created": { userId: string; role: string };
  /** Roles are system role keys (owner, admin, member, viewer) or a custom role's id. */
  "membership.role_changed": { userId: string; before: string; after: string };
  "membership.removed": { userId: string };
  "organization.created": { name: string; parentId: string | null };
  "organization.plan_changed": { before: string; after: string };
  "organization.archived": Record<string, never>;
  "sso_connection.activated": { connectionId: string; protocol: "saml" | "oidc" };
  "directory_group.created": { groupId: string; displayName: string };
  "directory_group.updated": { groupId: string; displayName: string };
  "directory_group.deleted": { groupId: string; displayName: string };
}

export type EventType = keyof EventData;

/** Every type, with what it means (the CSM portal's filter and docs/INTEGRATION.md list these). */
export const EVENT_TYPES = {
  "user.provisioned": "A directory (SCIM) user linked to an account was created active or reactivated",
  "user.deprovisioned": "A directory (SCIM) user linked to an account was deactivated or deleted",
  "membership.created": "A person joined the organization",
  "membership.role_changed": "A member's role changed",
  "membership.removed": "A person was removed from the organization",
  "organization.created": "An organization was created",
  "organization.plan_changed": "An organization's plan changed",
  "organization.archived": "An organization was archived",
  "sso_connection.activated": "An SSO connection was turned on",
  "directory_group.created": "A directory (SCIM) group was created",
  "directory_group.updated": "A directory (SCIM) group's name or members changed",
  "directory_group.deleted": "A directory (SCIM) group was deleted",
} as const satisfies Record<EventType, string>;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as [EventType, ...EventType[]];
