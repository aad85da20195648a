import type { Permission } from "@atrium/rbac";
import { useRouterState } from "@tanstack/react-router";

/** The sections of an organization's console, in navigation order, with the permission to see each. */
export const SECTIONS = [
  { to: "/orgs/$orgId", label: "Hierarchy", permission: null },
  { to: "/orgs/$orgId/members", label: "Members", permission: "members:read" },
  { to: "/orgs/$orgId/roles", label: "Roles", permission: "roles:read" },
  { to: "/orgs/$orgId/workspaces", label: "Workspaces", permission: "workspaces:read" },
  { to: "/orgs/$orgId/access", label: "Access", permission: "access:explain" },
  { to: "/orgs/$orgId/api-keys", label: "API keys", permission: "api_keys:read" },
  { to: "/orgs/$orgId/security", label: "Security", permission: "ip_allowlist:read" },
  { to: "/orgs/$orgId/audit", label: "Audit log", permission: "audit:read" },
  { to: "/orgs/$orgId/retention", label: "Retention", permission: "retention:read" },
  { to: "/orgs/$orgId/audit-alerts", label: "Audit alerts", permission: "audit:manage_alerts" },
  { to: "/orgs/$orgId/log-streaming", label: "Log streaming", permission: "audit:manage_streaming" },
  { to: "/orgs/$orgId/compliance", label: "Compliance", permission: "audit:read_reports" },
  { to: "/orgs/$orgId/plan", label: "Plan", permission: "features:read" },
  { to: "/orgs/$orgId/support", label: "Support", permission: "support:read" },
  { to: "/orgs/$orgId/settings", label: "Settings", permission: "org:read" },
  { to: "/orgs/$orgId/scim", label: "SCIM", permission: "scim:read" },
  { to: "/orgs/$orgId/billing", label: "Billing", permission: "billing:read" },
  { to: "/orgs/$orgId/sso", label: "Single sign-on", permission: "sso:read" },
] as const satisfies readonly { to: string; label: string; permission: Permission | null }[];

export type Section = (typeof SECTIONS)[number];

/** The section on screen (from the deepest matched route), if any. */
export function useCurrentSection(): Section | undefined {
  const leaf = useRouterState({ select: (state) => state.matches.at(-1)?.fullPath });
  return SECTIONS.find((s) => leaf === s.to || leaf === `${s.to}/`);
}
