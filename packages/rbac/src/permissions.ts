/**
 * The permission catalog: every permission is `resource:action`, with the
 * category the admin UI groups it under, a sentence saying what it allows,
 * and — for permissions that only some plans include — the plan feature it
 * needs. Custom roles are sets of these names; the API checks one per
 * procedure.
 */
import type { Feature } from "./plans.ts";

export const PERMISSION_CATEGORIES = {
  organization: "Organization",
  members: "Members and invitations",
  roles: "Roles and access",
  sso: "Single sign-on",
  scim: "SCIM provisioning",
  audit: "Audit log",
  retention: "Retention and legal holds",
  billing: "Billing",
  contracts: "Contracts",
  usage: "Usage and quotas",
  api_keys: "API keys and rate limits",
  integrations: "Integrations and webhooks",
  settings: "Settings and security",
  workspaces: "Workspaces",
  analytics: "Analytics",
  support: "Support",
} as const;

export type PermissionCategory = keyof typeof PERMISSION_CATEGORIES;

interface PermissionSpec {
  category: PermissionCategory;
  description: string;
  /** Plan feature this permission needs (absent: every plan). */
  feature?: Feature;
}

const define = <T extends Record<`${string}:${string}`, PermissionSpec>>(catalog: T) => catalog;

const CATALOG = define({
  // organization
  "org:read": { category: "organization", description: "View the organization's profile, plan and region" },
  "org:read_hierarchy": { category: "organization", description: "View child organizations and their member counts" },
  "org:update": { category: "organization", description: "Rename the organization and edit its profile" },
  "org:update_branding": { category: "organization", description: "Change the logo, colours and support e-mail shown to members" },
  "org:manage_inheritance": { category: "organization", description: "Choose whether roles held here also apply in child organizations" },
  "org:create_child": { category: "organization", description: "Create child organizations beneath this one", feature: "org_hierarchy" },
  "org:move": { category: "organization", description: "Move child organizations within the hierarchy", feature: "org_hierarchy" },
  "org:archive": { category: "organization", description: "Archive child organizations" },
  "org:restore": { category: "organization", description: "Restore archived child organizations" },
  "org:delete": { category: "organization", description: "Delete the organization and all its data" },
  // members
  "members:read": { category: "members", description: "List members and pending invitations" },
  "members:read_attributes": { category: "members", description: "View members' directory attributes such as department and title" },
  "members:invite": { category: "members", description: "Invite people by e-mail with a role" },
  "members:resend_invitation": { category: "members", description: "Send a pending invitation again" },
  "members:revoke_invitation": { category: "members", description: "Revoke a pending invitation" },
  "members:update_role": { category: "members", description: "Change a member's role" },
  "members:remove": { category: "members", description: "Remove members from the organization" },
  "members:deactivate": { category: "members", description: "Deactivate members, ending their sessions" },
  "members:reactivate": { category: "members", description: "Reactivate deactivated members" },
  "members:transfer_ownership": { category: "members", description: "Make another member an owner and step down" },
  "members:bulk_manage": { category: "members", description: "Change roles or status of many members at once" },
  "members:export": { category: "members", description: "Export the member list" },
  "members:export_personal_data": { category: "members", description: "Export everything held about one person (GDPR access request)" },
  "members:erase_personal_data": { category: "members", description: "Pseudonymize a former member's personal data in the audit log (GDPR erasure)" },
  "members:reset_mfa": { category: "members", description: "Reset a member's multi-factor authentication" },
  "members:revoke_sessions": { category: "members", description: "Sign a member out everywhere (sessions and device tokens)" },
  // roles and access
  "roles:read": { category: "roles", description: "View system and custom roles and their permissions" },
  "roles:create": { category: "roles", description: "Create custom roles", feature: "custom_roles" },
  "roles:update": { category: "roles", description: "Edit custom roles' names, descriptions and permissions", feature: "custom_roles" },
  "roles:delete": { category: "roles", description: "Delete custom roles that no one holds", feature: "custom_roles" },
  "roles:assign": { category: "roles", description: "Give members custom roles", feature: "custom_roles" },
  "grants:read": { category: "roles", description: "View resource-level grants" },
  "grants:create": { category: "roles", description: "Grant a user or group a permission on one resource", feature: "resource_grants" },
  "grants:revoke": { category: "roles", description: "Revoke resource-level grants" },
  "access:explain": { category: "roles", description: "See why a member is or is not allowed an action" },
  // sso
  "sso:read": { category: "sso", description: "View SSO connections, verified domains and certificates" },
  "sso:create": { category: "sso", description: "Add SAML or OIDC connections", feature: "sso" },
  "sso:update": { category: "sso", description: "Edit SSO connections and attribute mappings", feature: "sso" },
  "sso:delete": { category: "sso", description: "Delete SSO connections" },
  "sso:test": { category: "sso", description: "Run a test sign-in against a connection", feature: "sso" },
  "sso:enforce": { category: "sso", description: "Require SSO and turn off passwords for the organization's domains", feature: "sso" },
  "sso:manage_domains": { category: "sso", description: "Add and verify e-mail domains", feature: "sso" },
  "sso:rotate_certificates": { category: "sso", description: "Roll over IdP signing certificates", feature: "sso" },
  "sso:manage_group_mappings": { category: "sso", description: "Map IdP groups to roles", feature: "sso" },
  // scim
  "scim:read": { category: "scim", description: "View SCIM provisioning status and tokens" },
  "scim:create_token": { category: "scim", description: "Create SCIM bearer tokens", feature: "scim" },
  "scim:revoke_token": { category: "scim", description: "Revoke SCIM bearer tokens" },
  "scim:manage_group_mappings": { category: "scim", description: "Map provisioned groups to roles", feature: "scim" },
  "scim:read_sync_log": { category: "scim", description: "View the provisioning activity log" },
  "scim:trigger_sync": { category: "scim", description: "Start a reconciliation with the identity provider", feature: "scim" },
  // audit
  "audit:read": { category: "audit", description: "Search and view the audit log" },
  "audit:export": { category: "audit", description: "Export the audit log as CSV or NDJSON", feature: "audit_export" },
  "audit:verify": { category: "audit", description: "Verify the audit log's hash chain" },
  "audit:tail": { category: "audit", description: "Watch the audit log live", feature: "audit_tail" },
  "audit:manage_alerts": { category: "audit", description: "Create and edit audit alert rules", feature: "audit_alerts" },
  "audit:manage_streaming": { category: "audit", description: "Configure log streaming to a SIEM", feature: "log_streaming" },
  "audit:read_reports": { category: "audit", description: "Generate SOC 2, HIPAA and GDPR evidence reports", feature: "compliance_reports" },
  // retention
  "retention:read": { category: "retention", description: "View retention policies, legal holds and purges" },
  "retention:update": { category: "retention", description: "Change how long each kind of data is kept" },
  "retention:place_hold": { category: "retention", description: "Place a legal hold that suspends deletion", feature: "legal_holds" },
  "retention:release_hold": { category: "retention", description: "Release a legal hold" },
  "retention:run_purge": { category: "retention", description: "Start a retention purge now" },
  // billing
  "billing:read": { category: "billing", description: "View the plan, subscription and payment status" },
  "billing:read_invoices": { category: "billing", description: "View invoices" },
  "billing:download_invoices": { category: "billing", description: "Download invoice PDFs" },
  "billing:change_plan": { category: "billing", description: "Upgrade or downgrade the plan" },
  "billing:cancel": { category: "billing", description: "Cancel the subscription" },
  "billing:update_payment_method": { category: "billing", description: "Change the card or payment method" },
  "billing:manage_contacts": { category: "billing", description: "Choose who receives invoices and billing e-mail" },
  "billing:manage_tax": { category: "billing", description: "Edit tax IDs and billing address" },
  // contracts
  "contracts:read": { category: "contracts", description: "View the enterprise contract summary" },
  "contracts:read_pricing": { category: "contracts", description: "View contracted prices and discounts" },
  "contracts:request_change": { category: "contracts", description: "Ask the account team for a contract change" },
  // usage
  "usage:read": { category: "usage", description: "View usage metrics and trends" },
  "usage:export": { category: "usage", description: "Export usage data" },
  "quotas:read": { category: "usage", description: "View quotas and how much of each is used" },
  "quotas:request_increase": { category: "usage", description: "Ask for a higher quota" },
  "usage:record": { category: "usage", description: "Report metered usage (API calls, operations, storage)" },
  // api keys
  "api_keys:read": { category: "api_keys", description: "List API keys, their scopes and last use" },
  "api_keys:create": { category: "api_keys", description: "Create scoped API keys", feature: "api_access" },
  "api_keys:rotate": { category: "api_keys", description: "Replace an API key's secret", feature: "api_access" },
  "api_keys:revoke": { category: "api_keys", description: "Revoke API keys" },
  "rate_limits:read": { category: "api_keys", description: "View the organization's API rate limits" },
  "rate_limits:update": { category: "api_keys", description: "Change the organization's API rate limits", feature: "api_access" },
  // integrations
  "integrations:read": { category: "integrations", description: "View installed integrations" },
  "integrations:install": { category: "integrations", description: "Install integrations" },
  "integrations:configure": { category: "integrations", description: "Change integrations' settings and credentials" },
  "integrations:uninstall": { category: "integrations", description: "Remove integrations" },
  "webhooks:read": { category: "integrations", description: "View webhook endpoints" },
  "webhooks:manage": { category: "integrations", description: "Create, edit and delete webhook endpoints" },
  "webhooks:read_deliveries": { category: "integrations", description: "View webhook delivery attempts and payloads" },
  // settings
  "settings:read": { category: "settings", description: "View organization settings" },
  "settings:update": { category: "settings", description: "Change organization settings" },
  "features:read": { category: "settings", description: "View the plan's features and overrides" },
  "ip_allowlist:read": { category: "settings", description: "View the IP allowlist" },
  "ip_allowlist:update": { category: "settings", description: "Change the IP allowlist", feature: "ip_allowlist" },
  "security:read": { category: "settings", description: "View security policies" },
  "security:update_mfa_policy": { category: "settings", description: "Require multi-factor authentication" },
  "security:update_session_policy": { category: "settings", description: "Change session lifetime and idle timeout" },
  // workspaces
  "workspaces:read": { category: "workspaces", description: "See organization-visible workspaces" },
  "workspaces:read_private": { category: "workspaces", description: "See and open private workspaces without being granted access" },
  "workspaces:create": { category: "workspaces", description: "Create workspaces" },
  "workspaces:update": { category: "workspaces", description: "Rename workspaces and change their visibility" },
  "workspaces:archive": { category: "workspaces", description: "Archive workspaces" },
  "workspaces:delete": { category: "workspaces", description: "Delete workspaces" },
  "workspaces:manage_access": { category: "workspaces", description: "Grant and revoke access to a workspace" },
  "workspace_content:read": { category: "workspaces", description: "Open a workspace and read its content" },
  "workspace_content:create": { category: "workspaces", description: "Add content to a workspace" },
  "workspace_content:update": { category: "workspaces", description: "Edit a workspace's content" },
  "workspace_content:delete": { category: "workspaces", description: "Delete a workspace's content" },
  "workspace_content:share": { category: "workspaces", description: "Share a workspace's content outside it" },
  // analytics
  "analytics:read": { category: "analytics", description: "View usage, cost and member activity analytics", feature: "analytics" },
  "analytics:export": { category: "analytics", description: "Export analytics data", feature: "analytics" },
  "analytics:live": { category: "analytics", description: "Watch analytics update as usage is recorded", feature: "analytics_live" },
  "analytics:personalize": { category: "analytics", description: "Pin, hide and reorder one's own analytics cards", feature: "advanced_analytics" },
  "analytics:manage_dashboards": { category: "analytics", description: "Create and edit dashboards", feature: "advanced_analytics" },
  "analytics:read_health": { category: "analytics", description: "View the organization's health summary" },
  // support
  "support:read": { category: "support", description: "View the organization's support tickets" },
  "support:create_ticket": { category: "support", description: "Open support tickets" },
  "support:comment": { category: "support", description: "Reply on support tickets" },
  "support:close_ticket": { category: "support", description: "Close support tickets" },
  "support:manage_impersonation": { category: "support", description: "Allow or forbid vendor staff to sign in as members" },
  "nps:respond": { category: "support", description: "Answer satisfaction surveys" },
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

/** The plan feature a permission needs, if any (describePermission's `feature`, without building the definition). */
export function permissionFeature(permission: Permission): PermissionSpec["feature"] {
  return (CATALOG[permission] as PermissionSpec).feature;
}
