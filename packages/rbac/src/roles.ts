/**
 * System roles, each a superset of the one below it:
 * owner ⊃ admin ⊃ member ⊃ viewer. Custom roles (per organization) are plain
 * permission sets and are validated against the granter's own permissions.
 */
import { PERMISSIONS, type Permission } from "./permissions.ts";

export const SYSTEM_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type SystemRoleName = (typeof SYSTEM_ROLES)[number];

const READS = PERMISSIONS.filter((p) => p.name.endsWith(":read")).map((p) => p.name);

const VIEWER: readonly Permission[] = ["org:read", "members:read", "roles:read"];
const MEMBER: readonly Permission[] = [...VIEWER];
const OWNER_ONLY: readonly Permission[] = ["org:delete", "members:transfer_ownership", "billing:manage"];
const ADMIN: readonly Permission[] = [
  ...new Set<Permission>([
    ...MEMBER,
    ...READS,
    ...PERMISSIONS.map((p) => p.name).filter((name) => !OWNER_ONLY.includes(name)),
  ]),
];
const OWNER: readonly Permission[] = PERMISSIONS.map((p) => p.name);

const GRANTS: Record<SystemRoleName, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  member: new Set(MEMBER),
  admin: new Set(ADMIN),
  owner: new Set(OWNER),
};

export const ROLE_DESCRIPTIONS: Record<SystemRoleName, string> = {
  owner: "Full control, including billing, deletion and ownership transfer",
  admin: "Manages members, roles, SSO, SCIM, audit and settings",
  member: "Works in the organization's workspaces",
  viewer: "Read-only access to the organization",
};

export function systemRolePermissions(role: SystemRoleName): ReadonlySet<Permission> {
  return GRANTS[role];
}

/** A custom role: a named permission set defined by one organization. */
export interface CustomRole {
  id: string;
  name: string;
  permissions: readonly Permission[];
}

export type Role = SystemRoleName | CustomRole;

export function roleName(role: Role): string {
  return typeof role === "string" ? role : role.name;
}

export function rolePermissions(role: Role): ReadonlySet<Permission> {
  return typeof role === "string" ? GRANTS[role] : new Set(role.permissions);
}

/** Rank for "at least" comparisons between system roles (owner highest). */
export function systemRoleRank(role: SystemRoleName): number {
  return SYSTEM_ROLES.length - SYSTEM_ROLES.indexOf(role);
}
