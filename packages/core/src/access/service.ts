/**
 * Loads what packages/rbac needs to decide about one organization (the
 * caller's roles there and on its ancestors) and enforces decisions: a
 * denial is audited on the organization's log and becomes FORBIDDEN.
 */
import type { Db } from "@atrium/db";
import { decide, type Decision, type DecisionContext, type Permission, type Subject } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface OrgAccess {
  organization: { id: string; name: string; slug: string; parentId: string | null; ancestorIds: string[] };
  /** The caller's own membership role in this organization, if any. */
  role: "owner" | "admin" | "member" | "viewer" | null;
  subject: Subject;
}

const idFromLabel = (label: string) => label.replaceAll("_", "-");

/**
 * The caller's access to an organization, or null when the organization does
 * not exist, is deleted, or the caller holds no role that reaches it (callers
 * answer NOT_FOUND in all three cases, so ids of other tenants reveal nothing).
 */
export async function loadOrgAccess(db: Db, userId: string, organizationId: string): Promise<OrgAccess | null> {
  const [org] = await db.$queryRaw<{ id: string; name: string; slug: string; parent_id: string | null; path: string }[]>`
    SELECT id::text, name, slug::text, parent_id::text, path::text
      FROM organizations WHERE id = ${organizationId}::uuid AND deleted_at IS NULL`;
  if (!org) return null;
  const ancestorIds = org.path.split(".").slice(0, -1).reverse().map(idFromLabel);
  const memberships = await db.membership.findMany({
    where: { userId, status: "active", organizationId: { in: [org.id, ...ancestorIds] } },
    select: { organizationId: true, role: true },
  });
  const roles = memberships.map((m) => ({ organizationId: m.organizationId, role: m.role, inheritToChildren: false }));
  const own = memberships.find((m) => m.organizationId === org.id);
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
