/**
 * The permission catalog: every permission is `resource:action`, with the
 * category the admin UI groups it under and a sentence saying what it allows.
 * Custom roles are sets of these names; the API checks one per procedure.
 */
export const PERMISSION_CATEGORIES = {
  organization: "Organization",
  members: "Members and invitations",
  roles: "Roles and access",
  identity: "Single sign-on and provisioning",
  audit: "Audit and compliance",
  billing: "Billing and contracts",
  settings: "Settings and integrations",
} as const;

export type PermissionCategory = keyof typeof PERMISSION_CATEGORIES;

interface PermissionSpec {
  category: PermissionCategory;
  description: string;
}

const define = <T extends Record<`${string}:${string}`, PermissionSpec>>(catalog: T) => catalog;

const CATALOG = define({
  "org:read": { category: "organization", description: "View the organization's profile, plan and hierarchy" },
  "org:update": { category: "organization", description: "Rename the organization and change its profile" },
  "org:create_child": { category: "organization", description: "Create child organizations beneath this one" },
  "org:move": { category: "organization", description: "Move child organizations within the hierarchy" },
  "org:archive": { category: "organization", description: "Archive and restore child organizations" },
  "org:delete": { category: "organization", description: "Delete the organization" },
  "members:read": { category: "members", description: "List members and pending invitations" },
  "members:invite": { category: "members", description: "Invite people and resend or revoke invitations" },
  "members:update_role": { category: "members", description: "Change a member's role" },
  "members:remove": { category: "members", description: "Remove, deactivate and reactivate members" },
  "members:transfer_ownership": { category: "members", description: "Transfer ownership of the organization" },
  "roles:read": { category: "roles", description: "View system and custom roles and their permissions" },
  "roles:manage": { category: "roles", description: "Create, edit and delete custom roles and resource grants" },
  "sso:read": { category: "identity", description: "View SSO connections and verified domains" },
  "sso:manage": { category: "identity", description: "Configure, test and enforce SSO connections" },
  "scim:read": { category: "identity", description: "View SCIM provisioning status and tokens" },
  "scim:manage": { category: "identity", description: "Create and revoke SCIM tokens and group mappings" },
  "audit:read": { category: "audit", description: "Search and view the audit log" },
  "audit:export": { category: "audit", description: "Export the audit log as CSV or NDJSON" },
  "audit:verify": { category: "audit", description: "Verify the audit log's hash chain" },
  "retention:read": { category: "audit", description: "View retention policies and legal holds" },
  "retention:manage": { category: "audit", description: "Change retention policies and place or release legal holds" },
  "billing:read": { category: "billing", description: "View plan, invoices, contracts and usage" },
  "billing:manage": { category: "billing", description: "Change plan, payment method and billing contacts" },
  "settings:read": { category: "settings", description: "View security settings such as IP allowlists" },
  "settings:manage": { category: "settings", description: "Change security settings such as IP allowlists" },
  "api_keys:read": { category: "settings", description: "List API keys and their scopes" },
  "api_keys:manage": { category: "settings", description: "Create, rotate and revoke API keys" },
});

export type Permission = keyof typeof CATALOG;

export interface PermissionDefinition extends PermissionSpec {
  name: Permission;
}

export const PERMISSIONS: readonly PermissionDefinition[] = Object.entries(CATALOG).map(([name, spec]) => ({
  name: name as Permission,
  ...spec,
}));

const NAMES = new Set<string>(Object.keys(CATALOG));

export function isPermission(value: string): value is Permission {
  return NAMES.has(value);
}

export function describePermission(permission: Permission): PermissionDefinition {
  return { name: permission, ...CATALOG[permission] };
}
