/**
 * What platform staff may do in the CSM portal. A platform role grants
 * nothing inside a tenant (that needs impersonation); here it grants staff
 * capabilities, and a scope: CSMs and sales see the customers assigned to
 * them, CS leads, support, finance and super admins see every customer.
 */
export const STAFF_ROLES = ["super_admin", "cs_lead", "csm", "support", "finance", "sales"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_PERMISSIONS = {
  "portfolio:read": "See customers' health, usage, contracts, tickets and NPS",
  "health:recompute": "Recompute a customer's health score now",
  "health:configure": "Change health-score weights, thresholds and roll-up",
  "health:record_outcome": "Record a renewal's outcome for the backtest",
  "renewals:read": "See the renewals pipeline",
  "contracts:edit": "Edit enterprise contracts",
  "qbr:manage": "Generate and schedule QBRs",
  "tickets:triage": "Assign, prioritize and answer support tickets",
  "sla:record": "Record monthly uptime and latency",
  "impersonation:start": "Sign in as a customer (reason and duration required)",
  "assignments:manage": "Assign customers to CSMs",
  "applications:read": "See the vendor's registered applications and their keys' prefixes",
  "applications:manage": "Register applications, edit their URIs, create, rotate and revoke their secret keys",
  "licenses:issue": "Issue, renew and revoke customers' self-hosted licence keys",
  "licenses:keys": "Rotate and retire the licence signing keys",
} as const;

export type StaffPermission = keyof typeof STAFF_PERMISSIONS;

const ALL = Object.keys(STAFF_PERMISSIONS) as StaffPermission[];

const BY_ROLE: Record<StaffRole, readonly StaffPermission[]> = {
  super_admin: ALL,
  // Applications hold the keys to every customer's data through /v1: only super admins manage them.
  // Licences are sold: finance and super admins issue them; only super admins handle the keys that sign them.
  cs_lead: ALL.filter((p) => p !== "contracts:edit" && p !== "applications:manage" && p !== "licenses:issue" && p !== "licenses:keys"),
  csm: ["portfolio:read", "health:recompute", "renewals:read", "qbr:manage", "tickets:triage", "impersonation:start", "health:record_outcome", "applications:read"],
  support: ["portfolio:read", "tickets:triage", "impersonation:start", "applications:read"],
  finance: ["portfolio:read", "renewals:read", "contracts:edit", "health:record_outcome", "applications:read", "licenses:issue"],
  sales: ["portfolio:read", "renewals:read", "applications:read"],
};

/** Every customer, or only those assigned to the staff member. */
export type StaffScope = "all" | "assigned";

export function staffPermissions(role: StaffRole): ReadonlySet<StaffPermission> {
  return new Set(BY_ROLE[role]);
}

export function staffScope(role: StaffRole): StaffScope {
  return role === "csm" || role === "sales" ? "assigned" : "all";
}

/** A platform role plus the CS-lead flag → the staff role that decides. */
export function staffRoleOf(platformRole: string, isLead: boolean): StaffRole | null {
  if (platformRole === "super_admin") return "super_admin";
  if (isLead) return "cs_lead";
  return (STAFF_ROLES as readonly string[]).includes(platformRole) ? (platformRole as StaffRole) : null;
}
