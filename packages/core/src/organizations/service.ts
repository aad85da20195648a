/**
 * Organizations: the tenant and its hierarchy (at most five levels; the
 * database maintains `path` and `depth` from `parent_id`).
 */
import { isUniqueViolation, Prisma, queryRaw, type Db, type DataRegion, type OrgStatus, type PlanTier, type SystemRole } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";
import { emitEvent } from "../events/emit.ts";

export const MAX_ORG_DEPTH = 5;

export interface OrganizationSummary {
  id: string;
  parentId: string | null;
  name: string;
  slug: string;
  plan: PlanTier;
  region: DataRegion;
  status: OrgStatus;
  isEnterprise: boolean;
  depth: number;
  createdAt: Date;
}

export interface MyOrganization extends OrganizationSummary {
  role: RoleRef;
  /** Reached through a parent's role (role inheritance), not a membership here. */
  inherited: boolean;
}

export interface HierarchyNode extends OrganizationSummary {
  memberCount: number;
}

const SUMMARY = {
  id: true,
  parentId: true,
  name: true,
  slug: true,
  plan: true,
  region: true,
  status: true,
  isEnterprise: true,
  depth: true,
  createdAt: true,
} as const;

/**
 * Organizations the user can open: those with an active membership, and the
 * descendants of those whose "inherit roles to children" setting is on
 * (`inherited`, with the role that reaches them). Parents before children.
 */
export async function listMyOrganizations(db: Db, userId: string): Promise<MyOrganization[]> {
  const rows = await db.$queryRaw<(OrganizationSummary & { role: SystemRole | null; customId: string | null; customName: string | null; inherited: boolean })[]>`
    WITH mine AS (
      SELECT m.organization_id, m.role, r.id AS custom_id, r.name::text AS custom_name, o.path, o.inherit_roles_to_children
        FROM memberships m
        JOIN organizations o ON o.id = m.organization_id
        LEFT JOIN roles r ON r.id = m.custom_role_id
       WHERE m.user_id = ${userId}::uuid AND m.status = 'active' AND o.deleted_at IS NULL
    )
    SELECT DISTINCT ON (o.id)
           o.id::text AS id, o.parent_id::text AS "parentId", o.name, o.slug::text AS slug, o.plan::text AS plan,
           o.region::text AS region, o.status::text AS status, o.is_enterprise AS "isEnterprise", o.depth::int AS depth,
           o.created_at AS "createdAt", mine.role::text AS role, mine.custom_id::text AS "customId",
           mine.custom_name AS "customName", mine.organization_id <> o.id AS inherited
      FROM organizations o
      JOIN mine ON o.id = mine.organization_id OR (mine.inherit_roles_to_children AND o.path <@ mine.path)
     WHERE o.deleted_at IS NULL
     ORDER BY o.id, (mine.organization_id = o.id) DESC, nlevel(mine.path) DESC`;
  return rows
    .map(({ role, customId, customName, ...org }) => ({
      ...org,
      role: roleRefOf(role, customId ? { id: customId, name: customName! } : null),
    }))
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
}

/**
 * The organization with its active member count. One statement on the direct
 * pg path (./db direct.ts): every console page asks for it, and the ORM's own
 * work cost more than the query.
 */
export async function getOrganization(db: Db, organizationId: string): Promise<OrganizationSummary & { memberCount: number }> {
  const [org] = await queryRaw<OrganizationSummary & { memberCount: number }>(
    db,
    Prisma.sql`
      SELECT o.id::text AS id, o.parent_id::text AS "parentId", o.name, o.slug::text AS slug, o.plan::text AS plan,
             o.region::text AS region, o.status::text AS status, o.is_enterprise AS "isEnterprise", o.depth::int AS depth,
             o.created_at AS "createdAt",
             (SELECT count(*)::int FROM memberships m WHERE m.organization_id = o.id AND m.status = 'active') AS "memberCount"
        FROM organizations o
       WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL`,
  );
  if (!org) throw notFound("The organization");
  return org;
}

/** The organization and every organization beneath it, with active member counts, parents before children. */
export async function getHierarchy(db: Db, organizationId: string): Promise<HierarchyNode[]> {
  const rows = await db.$queryRaw<(Omit<HierarchyNode, "memberCount"> & { memberCount: bigint })[]>`
    SELECT o.id::text AS id, o.parent_id::text AS "parentId", o.name, o.slug::text AS slug, o.plan::text AS plan,
           o.region::text AS region, o.status::text AS status, o.is_enterprise AS "isEnterprise", o.depth::int AS depth,
           o.created_at AS "createdAt",
           (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id AND m.status = 'active') AS "memberCount"
      FROM organizations o
     WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid)
       AND o.deleted_at IS NULL
     ORDER BY o.depth, o.name`;
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

export interface CreateChildInput {
  name: string;
  slug: string;
  region?: DataRegion;
}

/**
 * Creates an organization beneath `parentId`. The child inherits the parent's
 * plan and enterprise flag (and region unless given); a user who creates it
 * becomes its owner.
 */
export async function createChildOrganization(
  db: Db,
  actor: Actor,
  parentId: string,
  input: CreateChildInput,
): Promise<OrganizationSummary> {
  return db.$transaction(async (tx) => {
    const parent = await tx.organization.findFirst({
      where: { id: parentId, deletedAt: null },
      select: { id: true, depth: true, plan: true, region: true, isEnterprise: true, status: true },
    });
    if (!parent) throw notFound("The parent organization");
    if (parent.status === "archived") {
      throw new AppError("CONFLICT", { userMessage: "An archived organization cannot have new children." });
    }
    if (parent.depth >= MAX_ORG_DEPTH) {
      throw new AppError("CONFLICT", {
        userMessage: `Organizations can be nested at most ${MAX_ORG_DEPTH} levels deep.`,
      });
    }
    let child: OrganizationSummary;
    try {
      child = await tx.organization.create({
        data: {
          parentId: parent.id,
          name: input.name,
          slug: input.slug,
          region: input.region ?? parent.region,
          plan: parent.plan,
          isEnterprise: parent.isEnterprise,
        },
        select: SUMMARY,
      });
    } catch (error) {
      if (isUniqueViolation(error, "organizations_slug_key")) {
        throw new AppError("CONFLICT", { userMessage: `The slug "${input.slug}" is already taken.`, cause: error });
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      action: "org.create",
      organizationId: parent.id,
      resource: { type: "organization", id: child.id },
      details: { name: child.name, slug: child.slug, parentId: parent.id, region: child.region },
    });
    await emitEvent(tx, child.id, "organization.created", { name: child.name, parentId: parent.id });
    if (actor.type === "user" || actor.type === "staff") {
      await tx.membership.create({ data: { organizationId: child.id, userId: actor.userId, role: "owner" }, select: { id: true } });
      await recordAudit(tx, actor, {
        action: "membership.create",
        organizationId: child.id,
        resource: { type: "user", id: actor.userId },
        details: { role: "owner", reason: "created the organization" },
      });
      await emitEvent(tx, child.id, "membership.created", { userId: actor.userId, role: "owner" });
    }
    return child;
  });
}
