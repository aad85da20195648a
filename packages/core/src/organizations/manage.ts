/**
 * Changing an organization: its name, branding, role inheritance, place in
 * the hierarchy (move) and archive state. Moves stay inside one customer's
 * tree; the database re-paths the subtree atomically and refuses cycles and
 * a sixth level.
 */
import { Prisma, type Db } from "@atrium/db";
import { decide } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { contextFor, loadOrgAccess, orgResource, type OrgAccess } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { emitEvent } from "../events/emit.ts";

const userIdOf = (actor: Actor) => (actor.type === "user" || actor.type === "staff" ? actor.userId : null);

export async function renameOrganization(db: Db, actor: Actor, organizationId: string, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } });
    if (before.name === name) return;
    await tx.organization.update({ where: { id: organizationId }, data: { name }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "org.update",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { before: { name: before.name }, after: { name } },
    });
  });
}

export interface Branding {
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string | null;
}

export async function updateBranding(db: Db, actor: Actor, organizationId: string, branding: Branding): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { logoUrl: true, brandColor: true, supportEmail: true },
    });
    const after = { logoUrl: branding.logoUrl, brandColor: branding.brandColor, supportEmail: branding.supportEmail };
    await tx.organization.update({ where: { id: organizationId }, data: after, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "org.update_branding",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { before: { ...before }, after },
    });
  });
}

export async function setRoleInheritance(db: Db, actor: Actor, organizationId: string, inherit: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: organizationId }, data: { inheritRolesToChildren: inherit }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "org.update_settings",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { inheritRolesToChildren: inherit },
    });
  });
}

const rootOf = (access: OrgAccess) => access.organization.ancestorIds.at(-1) ?? access.organization.id;

/**
 * Moves `access`'s organization under `newParentId`. The caller needs
 * org:move on the organization (checked by the procedure) and org:create_child
 * on the new parent; both must be in the same customer's tree.
 */
export async function moveOrganization(db: Db, actor: Actor, access: OrgAccess, newParentId: string): Promise<void> {
  const orgId = access.organization.id;
  if (!access.organization.parentId) throw new AppError("CONFLICT", { userMessage: "A top-level organization cannot be moved." });
  if (newParentId === access.organization.parentId) return;
  const userId = userIdOf(actor);
  const target = userId ? await loadOrgAccess(db, userId, newParentId) : null;
  if (!target || rootOf(target) !== rootOf(access)) throw notFound("The new parent organization");
  const decision = decide(target.subject, "org:create_child", orgResource(target), contextFor(actor, target));
  if (!decision.allowed) {
    throw new AppError("FORBIDDEN", { message: decision.reason, userMessage: "You cannot add organizations under the new parent (org:create_child)." });
  }
  if (target.organization.archived) throw new AppError("CONFLICT", { userMessage: "The new parent is archived." });
  await db.$transaction(async (tx) => {
    try {
      await tx.organization.update({ where: { id: orgId }, data: { parentId: newParentId }, select: { id: true } });
    } catch (error) {
      const message = String((error as Error).message);
      if (message.includes("cannot move under its own subtree")) {
        throw new AppError("CONFLICT", { userMessage: "An organization cannot move beneath itself or its own children.", cause: error });
      }
      if (message.includes("organizations_depth_range")) {
        throw new AppError("CONFLICT", { userMessage: "The move would nest organizations more than 5 levels deep.", cause: error });
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      action: "org.move",
      organizationId: orgId,
      resource: { type: "organization", id: orgId },
      details: { fromParentId: access.organization.parentId, toParentId: newParentId },
    });
  });
}

/** Archives an organization and everything beneath it; top-level organizations are offboarded by staff instead. */
export async function archiveOrganization(db: Db, actor: Actor, access: OrgAccess): Promise<number> {
  if (!access.organization.parentId) throw new AppError("CONFLICT", { userMessage: "A top-level organization cannot be archived here." });
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE organizations SET status = 'archived', archived_at = now(), updated_at = now()
       WHERE path <@ (SELECT path FROM organizations WHERE id = ${access.organization.id}::uuid)
         AND archived_at IS NULL AND deleted_at IS NULL
      RETURNING id::text`;
    const archived = rows.length;
    for (const row of rows) await emitEvent(tx, row.id, "organization.archived", {});
    await recordAudit(tx, actor, {
      action: "org.archive",
      organizationId: access.organization.id,
      resource: { type: "organization", id: access.organization.id },
      details: { organizationsArchived: archived },
    });
    return archived;
  });
}

export async function restoreOrganization(db: Db, actor: Actor, access: OrgAccess): Promise<number> {
  return db.$transaction(async (tx) => {
    const parent = access.organization.parentId
      ? await tx.organization.findUnique({ where: { id: access.organization.parentId }, select: { archivedAt: true } })
      : null;
    if (parent?.archivedAt) throw new AppError("CONFLICT", { userMessage: "Restore the parent organization first." });
    const restored = await tx.$executeRaw(Prisma.sql`
      UPDATE organizations SET status = 'active', archived_at = NULL, updated_at = now()
       WHERE path <@ (SELECT path FROM organizations WHERE id = ${access.organization.id}::uuid)
         AND archived_at IS NOT NULL AND deleted_at IS NULL`);
    await recordAudit(tx, actor, {
      action: "org.restore",
      organizationId: access.organization.id,
      resource: { type: "organization", id: access.organization.id },
      details: { organizationsRestored: restored },
    });
    return restored;
  });
}
