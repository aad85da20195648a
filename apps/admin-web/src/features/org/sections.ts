import type { Permission } from "@atrium/rbac";
import { useRouterState } from "@tanstack/react-router";

/** The sections of an organization's console, in navigation order, with the permission to see each. */
export const SECTIONS = [
  { to: "/orgs/$orgId", label: "Hierarchy", permission: null, group: "Organization" },
  { to: "/orgs/$orgId/members", label: "Members", permission: "members:read", group: "Organization" },
  { to: "/orgs/$orgId/roles", label: "Roles", permission: "roles:read", group: "Organization" },
  { to: "/orgs/$orgId/workspaces", label: "Workspaces", permission: "workspaces:read", group: "Organization" },
  { to: "/orgs/$orgId/product-access", label: "Product access", permission: "grants:read", group: "Organization" },
  { to: "/orgs/$orgId/access", label: "Access", permission: "access:explain", group: "Organization" },
  { to: "/orgs/$orgId/analytics", label: "Analytics", permission: "analytics:read", group: "Organization" },
  { to: "/orgs/$orgId/settings", label: "Settings", permission: "org:read", group: "Organization" },
  { to: "/orgs/$orgId/sso", label: "Single sign-on", permission: "sso:read", group: "Identity & security" },
  { to: "/orgs/$orgId/scim", label: "SCIM", permission: "scim:read", group: "Identity & security" },
  { to: "/orgs/$orgId/security", label: "Security", permission: "ip_allowlist:read", group: "Identity & security" },
  { to: "/orgs/$orgId/api-keys", label: "API keys", permission: "api_keys:read", group: "Identity & security" },
  { to: "/orgs/$orgId/audit", label: "Audit log", permission: "audit:read", group: "Audit & compliance" },
  { to: "/orgs/$orgId/audit-alerts", label: "Audit alerts", permission: "audit:manage_alerts", group: "Audit & compliance" },
  { to: "/orgs/$orgId/log-streaming", label: "Log streaming", permission: "audit:manage_streaming", group: "Audit & compliance" },
  { to: "/orgs/$orgId/compliance", label: "Compliance", permission: "audit:read_reports", group: "Audit & compliance" },
  { to: "/orgs/$orgId/retention", label: "Retention", permission: "retention:read", group: "Audit & compliance" },
  { to: "/orgs/$orgId/plan", label: "Plan", permission: "features:read", group: "Account" },
  { to: "/orgs/$orgId/billing", label: "Billing", permission: "billing:read", group: "Account" },
  { to: "/orgs/$orgId/license", label: "Licence", permission: "billing:read", group: "Account" },
  { to: "/orgs/$orgId/support", label: "Support", permission: "support:read", group: "Account" },
] as const satisfies readonly { to: string; label: string; permission: Permission | null; group: string }[];

export type Section = (typeof SECTIONS)[number];

/** The section on screen (from the deepest matched route), if any. */
export function useCurrentSection(): Section | undefined {
  const leaf = useRouterState({ select: (state) => state.matches.at(-1)?.fullPath });
  return SECTIONS.find((s) => leaf === s.to || leaf === `${s.to}/`);
}
