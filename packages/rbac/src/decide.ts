/**
 * The one authorization decision of Atrium. Pure: everything it needs comes
 * in its arguments, so the API, the worker and the SPAs reach the same answer,
 * and every answer carries the reason that decided it — the role, the grant
 * or the condition.
 *
 * Order: a role held in the resource's organization (or inherited from an
 * ancestor that lets roles inherit) whose conditions hold; then a
 * resource-level grant to the subject or one of its groups, unexpired and
 * whose conditions hold. Private resources are reached by roles only with
 * the type's bypass permission (e.g. workspaces:read_private); otherwise by
 * grants.
 */
import { firstFailing, type Condition, type ConditionContext } from "./conditions.ts";
import { isPermission, type Permission } from "./permissions.ts";
import { findProductPermission, isProductPermissionName, type AnyPermission, type ProductPermissionSpec } from "./products.ts";
import { roleHolds, roleName, type Role } from "./roles.ts";

/** A role held in one organization. */
export interface RoleAssignment {
  organizationId: string;
  role: Role;
  /** The holding organization lets this role apply in its descendants. */
  inheritToChildren?: boolean;
}

/** Permissions on one resource, given to a user or a group. */
export interface ResourceGrant {
  id: string;
  resourceType: string;
  resourceId: string;
  permissions: readonly AnyPermission[];
  subject: { type: "user" | "group"; id: string; name?: string };
  expiresAt?: Date | null;
  conditions?: readonly Condition[];
}

export interface Subject {
  /** User, API key or service identity the decision is about. */
  id: string;
  roles: readonly RoleAssignment[];
  /** Groups the subject belongs to (grants to them apply). */
  groupIds?: readonly string[];
  /** Grants that may apply: to the subject or its groups. */
  grants?: readonly ResourceGrant[];
  /** Directory attributes such as department, for conditions. */
  attributes?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface Resource {
  type: string;
  id?: string;
  /** Organization that owns the resource. */
  organizationId: string;
  /** Ancestors of organizationId, nearest first (from the ltree path). */
  ancestorIds?: readonly string[];
  /** Roles do not reach it without the type's bypass permission; grants do. */
  private?: boolean;
}

export interface DecisionContext {
  now?: Date;
  ip?: string | undefined;
  mfa?: boolean | undefined;
  /** CIDR ranges of the organization's IP allowlist, for `ip_allowlist` conditions. */
  ipAllowlist?: readonly string[] | undefined;
  /** The product catalog: product permissions not in it are unknown (see products.ts). */
  products?: readonly ProductPermissionSpec[] | undefined;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** The permission that lets roles reach private resources of a type. */
export const PRIVATE_BYPASS: Readonly<Record<string, Permission>> = {
  workspace: "workspaces:read_private",
};

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

const describeResource = (r: Resource) => (r.id ? `${r.type} ${r.id}` : `organization ${r.organizationId}`);

/** What conditions are evaluated against: the decision's context with its time and the subject's attributes. */
function conditionContextOf(subject: Subject, context: DecisionContext, now: Date): ConditionContext {
  return { ...context, now, attributes: subject.attributes };
}

/** An Atrium permission, or a product permission declared in the catalog the context carries. */
export function isKnownPermission(action: string, context: DecisionContext): action is AnyPermission {
  return isPermission(action) || (isProductPermissionName(action) && findProductPermission(context.products, action) !== undefined);
}

export function decide(subject: Subject, action: AnyPermission, resource: Resource, context: DecisionContext = {}): Decision {
  if (!isKnownPermission(action, context)) return deny(`unknown permission "${String(action)}"`);
  const now = context.now ?? new Date();
  // Built only when a condition is evaluated: most decisions meet none (a batch of /v1 checks decides many at once).
  // No closure for it: a function made per call costs more than the decision (tsx names every one it makes).
  let conditionContext: ConditionContext | undefined;

  // Roles: those held on the resource's organization, then inheritable ones held on its ancestors.
  const direct = subject.roles.filter((a) => a.organizationId === resource.organizationId);
  const inherited = (resource.ancestorIds ?? []).flatMap((ancestorId) =>
    subject.roles.filter((a) => a.organizationId === ancestorId && a.inheritToChildren),
  );
  const blocked: string[] = [];
  for (const assignment of [...direct, ...inherited]) {
    if (!roleHolds(assignment.role, action, context.products)) continue;
    const name = `role "${roleName(assignment.role)}"`;
    const where =
      assignment.organizationId === resource.organizationId
        ? `in organization ${assignment.organizationId}`
        : `inherited from organization ${assignment.organizationId}`;
    const failing = typeof assignment.role === "string" || !assignment.role.conditions?.length ? null : firstFailing(assignment.role.conditions, (conditionContext ??= conditionContextOf(subject, context, now)));
    if (failing) {
      blocked.push(`${name} grants ${action} but ${failing.reason}`);
      continue;
    }
    const bypass = PRIVATE_BYPASS[resource.type];
    if (resource.private && bypass && !roleHolds(assignment.role, bypass)) {
      blocked.push(`${describeResource(resource)} is private and ${name} lacks ${bypass}`);
      continue;
    }
    return allow(`${name} ${where} grants ${action}`);
  }

  // Resource-level grants to the subject or one of its groups.
  if (resource.id) {
    const groups = new Set(subject.groupIds ?? []);
    for (const grant of subject.grants ?? []) {
      if (grant.resourceType !== resource.type || grant.resourceId !== resource.id || !grant.permissions.includes(action)) continue;
      const holder = grant.subject.type === "user" ? grant.subject.id === subject.id : groups.has(grant.subject.id);
      if (!holder) continue;
      const to = `${grant.subject.type} ${grant.subject.name ?? grant.subject.id}`;
      if (grant.expiresAt && grant.expiresAt <= now) {
        blocked.push(`grant ${grant.id} to ${to} expired at ${grant.expiresAt.toISOString()}`);
        continue;
      }
      const failing = grant.conditions?.length ? firstFailing(grant.conditions, (conditionContext ??= conditionContextOf(subject, context, now))) : null;
      if (failing) {
        blocked.push(`grant ${grant.id} to ${to} gives ${action} but ${failing.reason}`);
        continue;
      }
      const until = grant.expiresAt ? ` until ${grant.expiresAt.toISOString()}` : "";
      return allow(`grant ${grant.id} to ${to} gives ${action} on ${describeResource(resource)}${until}`);
    }
  }

  if (blocked.length) return deny(blocked.join("; "));
  if (direct.length === 0 && inherited.length === 0) return deny(`not a member of organization ${resource.organizationId}`);
  const held = [...direct, ...inherited].map((a) => `"${roleName(a.role)}"`).join(", ");
  return deny(`role ${held} in organization ${resource.organizationId} does not grant ${action}`);
}

/** Every catalog permission the subject holds on the resource (for the SPA to hide what it cannot do). */
export function effectivePermissions<P extends AnyPermission>(
  subject: Subject,
  resource: Resource,
  context: DecisionContext,
  catalog: readonly P[],
): P[] {
  return catalog.filter((p) => decide(subject, p, resource, context).allowed);
}
