/**
 * Loads what packages/rbac needs to decide about one organization (the
 * caller's roles there and on its ancestors) and enforces decisions: a
 * denial is audited on the organization's log and becomes FORBIDDEN.
 */
import type { Db } from "@atrium/db";
import { decide, type Decision, type DecisionContext, type Permission, type Subject, type SystemRoleName } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface OrgAccess {
  organization: { id: string; name: string; slug: string; parentId: string | null; ancestorIds: string[] };
  /** The caller's own membership role in this organization, if any. */
  role: SystemRoleName | null;
  subject: Subject;
}

const idFromLabel = (label: string) => label.replaceAll("_", "-");

/**
 * The caller's access to an organization, or null when the organization does
 * not exist, is deleted, or the caller holds no role that reaches it (callers
 * answer NOT_FOUND in all three cases, so ids of other tenants reveal nothing).
 */
export async function loadOrgAccess(db: Db, userId: string, organizationId: string): Promise<OrgAccess | null> {
  // One query (it runs on every org-scoped request): the organization and the
  // caller's active memberships on it and on its ancestors.
  const [org] = await db.$queryRaw<
    { id: string; name: string; slug: string; parent_id: string | null; path: string; roles: { organizationId: string; role: SystemRoleName }[] }[]
  >`
    SELECT o.id::text, o.name, o.slug::text, o.parent_id::text, o.path::text,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('organizationId', m.organization_id, 'role', m.role)), '[]')
              FROM memberships m
             WHERE m.user_id = ${userId}::uuid AND m.status = 'active'
               AND m.organization_id = ANY (string_to_array(replace(o.path::text, '_', '-'), '.')::uuid[])) AS roles
      FROM organizations o
     WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL`;
  if (!org) return null;
  const ancestorIds = org.path.split(".").slice(0, -1).reverse().map(idFromLabel);
  const roles = org.roles.map((m) => ({ ...m, inheritToChildren: false }));
  const own = roles.find((m) => m.organizationId === org.id);
  const reaches = own !== undefined || roles.some((r) => r.inheritToChildren);
  if (!reaches) return null;
  return {
    organization: { id: org.id, name: org.name, slug: org.slug, parentId: org.parent_id, ancestorIds },
    role: own?.role ?? null,
    subject: { id: userId, roles },
  };
}

export function decideFor(access: OrgAccess, permission: Permission, context: DecisionContext = {}): Decision {
  return decide(
    access.subject,
    permission,
    { type: "organization", id: access.organization.id, organizationId: access.organization.id, ancestorIds: access.organization.ancestorIds },
    context,
  );
}

/** Allows or throws FORBIDDEN after auditing the denial with its reason. */
export async function authorize(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  permission: Permission,
  details: { operation: string },
): Promise<Decision> {
  const decision = decideFor(access, permission, { ip: actor.ip, now: new Date() });
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
