/**
 * Workspaces: team spaces inside an organization, visible to the whole
 * organization or private. They are the resource on which resource-level
 * grants act: a private workspace is reached through a grant (to a user or
 * a group) or with workspaces:read_private.
 */
import type { Db, Prisma, WorkspaceVisibility } from "@atrium/db";
import { decide, type Condition, type DecisionContext, type Permission, type Resource } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { grantsOn } from "../access/grants.ts";
import type { OrgAccess } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { assertQuota } from "../plans/service.ts";

export interface WorkspaceRow {
  id: string;
  name: string;
  description: string;
  visibility: WorkspaceVisibility;
  archived: boolean;
  createdAt: Date;
  /** What the caller may do in it. */
  canRead: boolean;
  canUpdate: boolean;
}

export const workspaceResource = (organizationId: string, w: { id: string; visibility: WorkspaceVisibility }): Resource => ({
  type: "workspace",
  id: w.id,
  organizationId,
  private: w.visibility === "private",
});

/** Grants on the given workspaces to the user or their groups. */
const grantsFor = (db: Db, access: OrgAccess, workspaceIds: string[]) => grantsOn(db, access, "workspace", workspaceIds);

export async function listWorkspaces(db: Db, access: OrgAccess, context: DecisionContext): Promise<WorkspaceRow[]> {
  const workspaces = await db.workspace.findMany({
    where: { organizationId: access.organization.id },
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, name: true, description: true, visibility: true, archivedAt: true, createdAt: true },
  });
  const grants = await grantsFor(db, access, workspaces.map((w) => w.id));
  const subject = { ...access.subject, grants };
  return workspaces
    .map((w) => {
      const resource = workspaceResource(access.organization.id, w);
      return {
        id: w.id,
        name: w.name,
        description: w.description,
        visibility: w.visibility,
        archived: w.archivedAt !== null,
        createdAt: w.createdAt,
        canRead: decide(subject, "workspace_content:read", resource, context).allowed,
        canUpdate: decide(subject, "workspace_content:update", resource, context).allowed,
        visible: w.visibility === "organization" || decide(subject, "workspace_content:read", resource, context).allowed,
      };
    })
    .filter((w) => w.visible)
    .map(({ visible: _visible, ...w }) => w);
}

/** The workspace as a resource for a decision about it, with the caller's grants on it. */
export async function workspaceForDecision(db: Db, access: OrgAccess, workspaceId: string) {
  const workspace = await db.workspace.findFirst({
    where: { id: workspaceId, organizationId: access.organization.id },
    select: { id: true, name: true, visibility: true, description: true, archivedAt: true },
  });
  if (!workspace) throw notFound("The workspace");
  const grants = await grantsFor(db, access, [workspace.id]);
  return { workspace, resource: workspaceResource(access.organization.id, workspace), subject: { ...access.subject, grants } };
}

export async function createWorkspace(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  input: { name: string; description: string; visibility: WorkspaceVisibility },
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await assertQuota(tx, access.organization.id, access.organization.plan, "workspaces");
    const createdById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const fields = { name: input.name, description: input.description, visibility: input.visibility };
    const workspace = await tx.workspace.create({ data: { organizationId: access.organization.id, ...fields, createdById }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "workspace.create",
      organizationId: access.organization.id,
      resource: { type: "workspace", id: workspace.id },
      details: fields,
    });
    // The creator of a private workspace keeps access to it.
    if (input.visibility === "private" && createdById) {
      await tx.resourceGrant.create({
        data: {
          organizationId: access.organization.id,
          resourceType: "workspace",
          resourceId: workspace.id,
          subjectType: "user",
          subjectId: createdById,
          permissions: ["workspace_content:read", "workspace_content:create", "workspace_content:update", "workspace_content:delete"],
          grantedById: createdById,
        },
        select: { id: true },
      });
    }
    return workspace;
  });
}

export async function updateWorkspace(
  db: Db,
  actor: Actor,
  organizationId: string,
  workspaceId: string,
  input: { name?: string | undefined; description?: string | undefined; visibility?: WorkspaceVisibility | undefined; archived?: boolean | undefined },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findFirst({
      where: { id: workspaceId, organizationId },
      select: { name: true, description: true, visibility: true, archivedAt: true },
    });
    if (!before) throw notFound("The workspace");
    const data: Prisma.WorkspaceUpdateInput = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
      ...(input.archived !== undefined ? { archivedAt: input.archived ? (before.archivedAt ?? new Date()) : null } : {}),
    };
    await tx.workspace.update({ where: { id: workspaceId }, data, select: { id: true } });
    await recordAudit(tx, actor, {
      action: input.archived ? "workspace.archive" : "workspace.update",
      organizationId,
      resource: { type: "workspace", id: workspaceId },
      details: {
        before: { name: before.name, visibility: before.visibility, archived: before.archivedAt !== null },
        after: { name: input.name ?? before.name, visibility: input.visibility ?? before.visibility, archived: input.archived ?? before.archivedAt !== null },
      },
    });
  });
}

export async function listGrants(db: Db, organizationId: string, workspaceId: string) {
  const grants = await db.resourceGrant.findMany({
    where: { organizationId, resourceType: "workspace", resourceId: workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, subjectType: true, subjectId: true, permissions: true, expiresAt: true, conditions: true, createdAt: true },
  });
  const [users, groups] = await Promise.all([
    db.user.findMany({ where: { id: { in: grants.filter((g) => g.subjectType === "user").map((g) => g.subjectId) } }, select: { id: true, name: true } }),
    db.group.findMany({ where: { id: { in: grants.filter((g) => g.subjectType === "group").map((g) => g.subjectId) } }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...users, ...groups].map((s) => [s.id, s.name]));
  return grants.map((g) => ({ ...g, subjectName: names.get(g.subjectId) ?? "(removed)", conditions: g.conditions as unknown as Condition[] }));
}

export async function grantWorkspaceAccess(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  granter: ReadonlySet<string>,
  input: { workspaceId: string; subjectType: "user" | "group"; subjectId: string; permissions: Permission[]; expiresAt: Date | null; conditions: Condition[] },
): Promise<{ id: string }> {
  const organizationId = access.organization.id;
  const beyond = input.permissions.filter((p) => !p.startsWith("workspace_content:"));
  if (beyond.length) throw new AppError("BAD_REQUEST", { userMessage: `Workspace grants give workspace_content permissions only, not ${beyond.join(", ")}.` });
  const lacking = input.permissions.filter((p) => !granter.has(p));
  if (lacking.length) throw new AppError("FORBIDDEN", { userMessage: `You cannot grant permissions you do not hold: ${lacking.join(", ")}.` });
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError("BAD_REQUEST", { userMessage: "Choose an expiry in the future." });
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.findFirst({ where: { id: input.workspaceId, organizationId }, select: { id: true } });
    if (!workspace) throw notFound("The workspace");
    const subject =
      input.subjectType === "user"
        ? await tx.membership.findFirst({ where: { organizationId, userId: input.subjectId }, select: { userId: true } })
        : await tx.group.findFirst({ where: { organizationId, id: input.subjectId }, select: { id: true } });
    if (!subject) throw notFound(input.subjectType === "user" ? "The member" : "The group");
    const grantedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const grant = await tx.resourceGrant.create({
      data: {
        organizationId,
        resourceType: "workspace",
        resourceId: input.workspaceId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        permissions: input.permissions,
        expiresAt: input.expiresAt,
        conditions: input.conditions as object[],
        grantedById,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "grant.create",
      organizationId,
      resource: { type: "grant", id: grant.id },
      details: {
        resource: `workspace:${input.workspaceId}`,
        subject: `${input.subjectType}:${input.subjectId}`,
        permissions: input.permissions,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    return grant;
  });
}

export async function revokeGrant(db: Db, actor: Actor, organizationId: string, grantId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const grant = await tx.resourceGrant.findFirst({
      where: { id: grantId, organizationId },
      select: { resourceType: true, resourceId: true, subjectType: true, subjectId: true, permissions: true },
    });
    if (!grant) throw notFound("The grant");
    await tx.resourceGrant.delete({ where: { id: grantId } });
    await recordAudit(tx, actor, {
      action: "grant.revoke",
      organizationId,
      resource: { type: "grant", id: grantId },
      details: { resource: `${grant.resourceType}:${grant.resourceId}`, subject: `${grant.subjectType}:${grant.subjectId}`, permissions: grant.permissions },
    });
  });
}
