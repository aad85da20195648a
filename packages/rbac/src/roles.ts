/**
 * System roles, each a superset of the one below it —
 * owner ⊃ admin ⊃ member ⊃ viewer — and custom roles: per-organization
 * permission sets (optionally with conditions), validated so that nobody
 * grants what they do not hold.
 */
import type { Condition } from "./conditions.ts";
import { isPermission, PERMISSIONS, type Permission } from "./permissions.ts";
import { findProductPermission, isProductPermissionName, systemRoleHoldsProduct, type AnyPermission, type ProductPermissionSpec } from "./products.ts";

export const SYSTEM_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type SystemRoleName = (typeof SYSTEM_ROLES)[number];

const VIEWER: readonly Permission[] = [
  "org:read",
  "org:read_hierarchy",
  "members:read",
  "roles:read",
  "workspaces:read",
  "workspace_content:read",
  "analytics:read",
  "analytics:live",
  "analytics:personalize",
  "usage:read",
  "quotas:read",
  "features:read",
  "support:read",
  "nps:respond",
];

const MEMBER: readonly Permission[] = [
  ...VIEWER,
  "workspaces:create",
  "workspace_content:create",
  "workspace_content:update",
  "workspace_content:delete",
  "workspace_content:share",
  "integrations:read",
  "support:create_ticket",
  "support:comment",
  "support:close_ticket",
];

/** What only owners may do: the organization's existence, ownership and money. */
export const OWNER_ONLY: readonly Permission[] = [
  "org:delete",
  "members:transfer_ownership",
  "billing:change_plan",
  "billing:cancel",
  "billing:update_payment_method",
  "billing:manage_tax",
  "support:manage_impersonation",
];

const ALL = PERMISSIONS.map((p) => p.name);
const ADMIN: readonly Permission[] = ALL.filter((p) => !OWNER_ONLY.includes(p));

const GRANTS: Record<SystemRoleName, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  member: new Set(MEMBER),
  admin: new Set(ADMIN),
  owner: new Set(ALL),
};

export const ROLE_DESCRIPTIONS: Record<SystemRoleName, string> = {
  owner: "Full control, including billing, deletion and ownership transfer",
  admin: "Manages members, roles, SSO, SCIM, audit, settings and workspaces",
  member: "Works in the organization's workspaces",
  viewer: "Read-only access to the organization",
};

export function isSystemRole(value: string): value is SystemRoleName {
  return (SYSTEM_ROLES as readonly string[]).includes(value);
}

export function systemRolePermissions(role: SystemRoleName): ReadonlySet<Permission> {
  return GRANTS[role];
}

/** A custom role: a named permission set defined by one organization. */
export interface CustomRole {
  id: string;
  name: string;
  /** Atrium permissions and product permissions (`<application>/<resource>:<action>`). */
  permissions: readonly AnyPermission[];
  /** The role applies only while all of these hold. */
  conditions?: readonly Condition[];
}

export type Role = SystemRoleName | CustomRole;

export function roleName(role: Role): string {
  return typeof role === "string" ? role : role.name;
}

/** The Atrium permissions a system role holds, or every permission a custom role lists (product ones included). */
export function rolePermissions(role: Role): ReadonlySet<AnyPermission> {
  return typeof role === "string" ? GRANTS[role] : new Set(role.permissions);
}

/**
 * Whether a role holds a permission: a system role holds a product permission
 * from the `minimumRole` the product declared (given in `products`); a custom
 * role holds what it lists.
 */
export function roleHolds(role: Role, permission: AnyPermission, products?: readonly ProductPermissionSpec[]): boolean {
  if (typeof role !== "string") return role.permissions.includes(permission);
  if (isPermission(permission)) return GRANTS[role].has(permission);
  const spec = findProductPermission(products, permission);
  return spec !== undefined && systemRoleHoldsProduct(role, spec);
}

/** Rank for "at least" comparisons between system roles (owner highest). */
export function systemRoleRank(role: SystemRoleName): number {
  return SYSTEM_ROLES.length - SYSTEM_ROLES.indexOf(role);
}

export interface RoleProblem {
  field: "name" | "permissions";
  message: string;
}

/**
 * Checks a custom role before it is saved: a name that is not a system
 * role's, at least one permission, every permission in Atrium's catalog or
 * in the product catalog given, and nothing the granter does not hold
 * themselves (product permissions included).
 */
export function validateCustomRole(
  role: { name: string; permissions: readonly string[] },
  granterPermissions: ReadonlySet<string>,
  products: readonly ProductPermissionSpec[] = [],
): RoleProblem[] {
  const problems: RoleProblem[] = [];
  const name = role.name.trim();
  if (name.length === 0 || name.length > 100) problems.push({ field: "name", message: "Give the role a name of 1–100 characters." });
  if (isSystemRole(name.toLowerCase())) problems.push({ field: "name", message: `"${name}" is a system role's name.` });
  if (role.permissions.length === 0) problems.push({ field: "permissions", message: "Choose at least one permission." });
  const known = (p: string) => isPermission(p) || (isProductPermissionName(p) && findProductPermission(products, p) !== undefined);
  const unknown = role.permissions.filter((p) => !known(p));
  if (unknown.length) problems.push({ field: "permissions", message: `Unknown permissions: ${unknown.join(", ")}.` });
  const beyond = role.permissions.filter((p) => known(p) && !granterPermissions.has(p));
  if (beyond.length) {
    problems.push({ field: "permissions", message: `You cannot grant permissions you do not hold: ${beyond.join(", ")}.` });
  }
  return problems;
}
