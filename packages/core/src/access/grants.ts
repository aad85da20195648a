/**
 * Resource-level grants that may apply to a subject: those on the given
 * resources of one type, to the subject itself or to one of its groups.
 * decide() filters them further (expiry, conditions); the consoles and
 * /v1/authorize load them the same way.
 */
import type { DbOrTx } from "@atrium/db";
import type { Condition, Permission, ResourceGrant } from "@atrium/rbac";
import type { OrgAccess } from "./service.ts";

export async function grantsOn(db: DbOrTx, access: OrgAccess, resourceType: string, resourceIds: string[]): Promise<ResourceGrant[]> {
  if (resourceIds.length === 0) return [];
  const grants = await db.resourceGrant.findMany({
    where: {
      organizationId: access.organization.id,
      resourceType,
      resourceId: { in: resourceIds },
      OR: [
        { subjectType: "user", subjectId: access.subject.id },
        { subjectType: "group", subjectId: { in: [...(access.subject.groupIds ?? [])] } },
      ],
    },
    select: { id: true, resourceType: true, resourceId: true, permissions: true, subjectType: true, subjectId: true, expiresAt: true, conditions: true },
  });
  return grants.map((g) => ({
    id: g.id,
    resourceType: g.resourceType,
    resourceId: g.resourceId,
    permissions: g.permissions as Permission[],
    subject: { type: g.subjectType, id: g.subjectId },
    expiresAt: g.expiresAt,
    conditions: g.conditions as unknown as Condition[],
  }));
}
