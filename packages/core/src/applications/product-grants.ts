/**
 * Resource grants on the product's own resources: permissions of the
 * product's catalog given to a member or a group on one resource of a type
 * the product declared (`demo-product/note`, id a UUID). decide() and
 * /v1/authorize read them like workspace grants.
 *
 * A grant on a product's resource gives only that product's permissions
 * (declared in its catalog), and nobody grants what they do not hold
 * themselves. Revocation is workspaces' revokeGrant (any grant of the
 * organization). Audited in the grant's transaction as grant.create.
 */
import type { Db } from "@atrium/db";
import type { Condition } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import type { OrgAccess } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";

export interface ProductGrantInput {
  resourceType: string;
  resourceId: string;
  subjectType: "user" | "group";
  subjectId: string;
  permissions: string[];
  expiresAt: Date | null;
  conditions: Condition[];
}

export async function grantProductAccess(db: Db, actor: Actor, access: OrgAccess, granter: ReadonlySet<string>, input: ProductGrantInput): Promise<{ id: string }> {
  const organizationId = access.organization.id;
  const type = await db.applicationResourceType.findUnique({ where: { type: input.resourceType }, select: { applicationId: true } });
  if (!type) throw new AppError("BAD_REQUEST", { userMessage: `"${input.resourceType}" is not a resource type any product declared.` });
  const declared = new Set(
    (await db.applicationPermission.findMany({ where: { applicationId: type.applicationId }, select: { name: true } })).map((p) => p.name),
  );
  const foreign = input.permissions.filter((p) => !declared.has(p));
  if (foreign.length) {
    throw new AppError("BAD_REQUEST", { userMessage: `Grants on ${input.resourceType} give that product's own permissions only, not ${foreign.join(", ")}.` });
  }
  const lacking = input.permissions.filter((p) => !granter.has(p));
  if (lacking.length) throw new AppError("FORBIDDEN", { userMessage: `You cannot grant permissions you do not hold: ${lacking.join(", ")}.` });
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError("BAD_REQUEST", { userMessage: "Choose an expiry in the future." });

  return db.$transaction(async (tx) => {
    const subject =
      input.subjectType === "user"
        ? await tx.membership.findFirst({ where: { organizationId, userId: input.subjectId }, select: { userId: true } })
        : await tx.group.findFirst({ where: { organizationId, id: input.subjectId }, select: { id: true } });
    if (!subject) throw notFound(input.subjectType === "user" ? "The member" : "The group");
    const grant = await tx.resourceGrant.create({
      data: {
        organizationId,
        resourceType: input.resourceType,
        resourceId: input.resourceId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        permissions: input.permissions,
        expiresAt: input.expiresAt,
        conditions: input.conditions as object[],
        grantedById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "grant.create",
      organizationId,
      resource: { type: "grant", id: grant.id },
      details: {
        resource: `${input.resourceType}:${input.resourceId}`,
        subject: `${input.subjectType}:${input.subjectId}`,
        permissions: input.permissions,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    return grant;
  });
}

export interface ProductGrantRow {
  id: string;
  resourceType: string;
  resourceId: string;
  subjectType: "user" | "group";
  subjectId: string;
  subjectName: string;
  permissions: string[];
  expiresAt: Date | null;
  createdAt: Date;
}

/** The organization's grants on products' resources (types holding a "/"), newest first, with who holds each. */
export async function listProductGrants(db: Db, organizationId: string): Promise<ProductGrantRow[]> {
  const grants = await db.resourceGrant.findMany({
    where: { organizationId, resourceType: { contains: "/" } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, resourceType: true, resourceId: true, subjectType: true, subjectId: true, permissions: true, expiresAt: true, createdAt: true },
  });
  const ids = (type: "user" | "group") => grants.filter((g) => g.subjectType === type).map((g) => g.subjectId);
  const [users, groups] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, name: true, email: true } }),
    db.group.findMany({ where: { organizationId, id: { in: ids("group") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.name || u.email] as const), ...groups.map((g) => [g.id, g.name] as const)]);
  return grants.map((g) => ({ ...g, subjectType: g.subjectType as "user" | "group", subjectName: names.get(g.subjectId) ?? "(removed)" }));
}
