/**
 * Loads what packages/rbac needs to decide about one organization — the
 * caller's roles there and on its ancestors (custom roles with their
 * conditions, inheritance settings), their directory attributes, the
 * organization's plan — and enforces decisions: a denial is audited on the
 * organization's log and becomes FORBIDDEN.
 */
import type { Db, DbOrTx } from "@atrium/db";
import {
  decide,
  effectivePermissions,
  PERMISSIONS,
  type Condition,
  type Decision,
  type DecisionContext,
  type Permission,
  type Plan,
  type Resource,
  type RoleAssignment,
  type Subject,
  type SystemRoleName,
} from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";

export interface OrgAccess {
  organization: {
    id: string;
    name: string;
    slug: string;
    parentId: string | null;
    ancestorIds: string[];
    plan: Plan;
    archived: boolean;
  };
  /** The caller's own role in this organization (null when it reaches them only by inheritance). */
  role: RoleRef | null;
  subject: Subject;
}

interface AccessRow {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  path: string;
  plan: Plan;
  archived: boolean;
  roles: {
    organizationId: string;
    role: SystemRoleName | null;
    customRole: { id: string; name: string; permissions: Permission[]; conditions: Condition[] } | null;
    inherit: boolean;
    attributes: Record<string, string | string[]>;
  }[];
}

const idFromLabel = (label: string) => label.replaceAll("_", "-");

/**
 * The caller's access to an organization, or null when the organization does
 * not exist, is deleted, or the caller holds no role that reaches it (callers
 * answer NOT_FOUND in all three cases, so ids of other tenants reveal nothing).
 * One query: it runs on every org-scoped request.
 */
export async function loadOrgAccess(db: DbOrTx, userId: string, organizationId: string): Promise<OrgAccess | null> {
  const [org] = await db.$queryRaw<AccessRow[]>`
    SELECT o.id::text, o.name, o.slug::text, o.parent_id::text, o.path::text, o.plan::text AS plan,
           o.archived_at IS NOT NULL AS archived,
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'organizationId', m.organization_id,
                     'role', m.role,
                     'customRole', CASE WHEN r.id IS NULL THEN NULL ELSE jsonb_build_object(
                        'id', r.id, 'name', r.name, 'permissions', r.permissions, 'conditions', r.conditions) END,
                     'inherit', a.inherit_roles_to_children,
                     'attributes', m.attributes)), '[]')
              FROM memberships m
              JOIN organizations a ON a.id = m.organization_id
              LEFT JOIN roles r ON r.id = m.custom_role_id
             WHERE m.user_id = ${userId}::uuid AND m.status = 'active'
               AND m.organization_id = ANY (string_to_array(replace(o.path::text, '_', '-'), '.')::uuid[])) AS roles
      FROM organizations o
     WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL`;
  if (!org) return null;
  const ancestorIds = org.path.split(".").slice(0, -1).reverse().map(idFromLabel);
  const roles: RoleAssignment[] = org.roles.map((m) => ({
    organizationId: m.organizationId,
    role: m.customRole ?? m.role!,
    inheritToChildren: m.inherit,
  }));
  const own = org.roles.find((m) => m.organizationId === org.id);
  const reaches = own !== undefined || roles.some((r) => r.inheritToChildren && r.organizationId !== org.id);
  if (!reaches) return null;
  return {
    organization: {
      id: org.id,
      name: org.name,
      slug: org.slug,
      parentId: org.parent_id,
      ancestorIds,
      plan: org.plan,
      archived: org.archived,
    },
    role: own ? roleRefOf(own.role, own.customRole) : null,
    subject: { id: userId, roles, attributes: own?.attributes ?? {} },
  };
}

export function orgResource(access: OrgAccess): Resource {
  return {
    type: "organization",
    id: access.organization.id,
    organizationId: access.organization.id,
    ancestorIds: access.organization.ancestorIds,
  };
}

export function contextFor(actor: Actor): DecisionContext {
  return { ip: actor.ip, now: new Date(), mfa: false };
}

export function decideFor(access: OrgAccess, permission: Permission, context: DecisionContext = {}): Decision {
  return decide(access.subject, permission, orgResource(access), context);
}

/** Everything the caller may do in the organization (the SPA hides the rest). */
export function permissionsOf(access: OrgAccess, context: DecisionContext): Set<Permission> {
  return new Set(effectivePermissions(access.subject, orgResource(access), context, PERMISSIONS.map((p) => p.name)));
}

/** Allows or throws FORBIDDEN after auditing the denial with its reason. */
export async function authorize(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  permission: Permission,
  details: { operation: string },
): Promise<Decision> {
  const decision = decideFor(access, permission, contextFor(actor));
  if (decision.allowed) return decision;
  await recordAudit(db, actor, {
    action: "access.denied",
    organizationId: access.organization.id,
    status: "denied",
    resource: { type: "permission", id: permission },
    details: { operation: details.operation, reason: decision.reason },
  });
  throw new AppError("FORBIDDEN", {
    message: decision.reason,
    userMessage: `You do not have permission to do this (${permission}).`,
  });
}
