/**
 * The one authorization decision of Atrium. Pure: everything it needs comes
 * in its arguments, so the API, the worker and the SPAs reach the same answer,
 * and every answer carries the reason that decided it.
 */
import { isPermission, type Permission } from "./permissions.ts";
import { roleName, rolePermissions, type Role } from "./roles.ts";

/** A role held in one organization. */
export interface RoleAssignment {
  organizationId: string;
  role: Role;
  /** The holding organization lets this role apply to its descendants. */
  inheritToChildren?: boolean;
}

export interface Subject {
  /** User, API key or service identity the decision is about. */
  id: string;
  roles: readonly RoleAssignment[];
  attributes?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface Resource {
  type: string;
  id?: string;
  /** Organization that owns the resource. */
  organizationId: string;
  /** Ancestors of organizationId, nearest first (from the ltree path). */
  ancestorIds?: readonly string[];
}

export interface DecisionContext {
  now?: Date;
  ip?: string;
  mfa?: boolean;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function decide(
  subject: Subject,
  action: Permission,
  resource: Resource,
  _context: DecisionContext = {},
): Decision {
  if (!isPermission(action)) return deny(`unknown permission "${String(action)}"`);

  const direct = subject.roles.filter((a) => a.organizationId === resource.organizationId);
  for (const assignment of direct) {
    if (rolePermissions(assignment.role).has(action)) {
      return allow(`role "${roleName(assignment.role)}" in organization ${resource.organizationId} grants ${action}`);
    }
  }

  for (const ancestorId of resource.ancestorIds ?? []) {
    for (const assignment of subject.roles) {
      if (assignment.organizationId !== ancestorId || !assignment.inheritToChildren) continue;
      if (rolePermissions(assignment.role).has(action)) {
        return allow(`role "${roleName(assignment.role)}" inherited from organization ${ancestorId} grants ${action}`);
      }
    }
  }

  if (direct.length === 0) return deny(`not a member of organization ${resource.organizationId}`);
  const held = direct.map((a) => `"${roleName(a.role)}"`).join(", ");
  return deny(`role ${held} in organization ${resource.organizationId} does not grant ${action}`);
}
