/**
 * What an application reads about a customer organization through /v1: the
 * organization itself, its entitlements (plan, features with overrides,
 * quotas with usage — from the plan service the consoles use) and its
 * members with their roles and directory attributes (keyset pagination).
 * An application serves every organization; a deleted one is not found.
 */
import { Prisma, type Db } from "@atrium/db";
import type { Feature, FeatureState, Plan, QuotaState, SystemRoleName } from "@atrium/rbac";
import { AppError, notFound } from "../errors.ts";
import { planSummary } from "../plans/service.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  plan: Plan;
  status: "active" | "suspended" | "archived";
  createdAt: Date;
}

export async function organizationView(db: Db, organizationId: string): Promise<OrganizationView> {
  const org = await db.organization.findFirst({
    where: { id: organizationId, deletedAt: null },
    select: { id: true, name: true, slug: true, parentId: true, plan: true, status: true, createdAt: true },
  });
  if (!org) throw notFound("The organization");
  return org;
}

export interface Entitlements {
  organizationId: string;
  plan: Plan;
  features: (FeatureState & { override: { enabled: boolean; expiresAt: Date | null } | null })[];
  quotas: QuotaState[];
}

export async function entitlements(db: Db, organizationId: string, now = new Date()): Promise<Entitlements> {
  await organizationView(db, organizationId);
  const [summary, overrides] = await Promise.all([
    planSummary(db, organizationId),
    db.featureOverride.findMany({
      where: { organizationId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { feature: true, enabled: true, expiresAt: true },
    }),
  ]);
  const overrideOf = new Map(overrides.map((o) => [o.feature as Feature, { enabled: o.enabled, expiresAt: o.expiresAt }]));
  return {
    organizationId,
    plan: summary.plan,
    features: summary.features.map((f) => ({ ...f, override: overrideOf.get(f.feature) ?? null })),
    quotas: summary.quotas,
  };
}

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  status: "active" | "deactivated";
  role: RoleRef;
  attributes: Record<string, unknown>;
  groups: { id: string; name: string }[];
  joinedAt: Date;
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  status: "active" | "deactivated";
  role: SystemRoleName | null;
  custom_role: { id: string; name: string } | null;
  attributes: Record<string, unknown>;
  groups: { id: string; name: string }[];
  joined_at: Date;
}

/** Cursors are opaque to clients: the last user id of a page, base64url. */
export const encodeCursor = (userId: string) => Buffer.from(userId, "utf8").toString("base64url");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeCursor(cursor: string): string {
  const userId = Buffer.from(cursor, "base64url").toString("utf8");
  if (!UUID.test(userId)) throw new AppError("BAD_REQUEST", { userMessage: "The cursor is not one this API returned." });
  return userId;
}

/** One page of members ordered by user id; `nextCursor` is null on the last page. */
export async function membersPage(db: Db, organizationId: string, page: { cursor?: string | undefined; limit: number }): Promise<{ members: MemberView[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  await organizationView(db, organizationId);
  const rows = await db.$queryRaw<MemberRow[]>`
    SELECT u.id::text AS user_id, u.email::text, u.name, m.status::text, m.role::text,
           CASE WHEN r.id IS NULL THEN NULL ELSE jsonb_build_object('id', r.id, 'name', r.name) END AS custom_role,
           m.attributes,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) ORDER BY g.name), '[]')
              FROM group_members gm JOIN groups g ON g.id = gm.group_id
             WHERE gm.user_id = m.user_id AND g.organization_id = m.organization_id) AS groups,
           m.created_at AS joined_at
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN roles r ON r.id = m.custom_role_id
     WHERE m.organization_id = ${organizationId}::uuid
       ${after ? Prisma.sql`AND m.user_id > ${after}::uuid` : Prisma.empty}
     ORDER BY m.user_id
     LIMIT ${page.limit + 1}`;
  const members = rows.slice(0, page.limit).map((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    status: r.status,
    role: roleRefOf(r.role, r.custom_role),
    attributes: r.attributes,
    groups: r.groups,
    joinedAt: r.joined_at,
  }));
  return { members, nextCursor: rows.length > page.limit ? encodeCursor(members.at(-1)!.userId) : null };
}
