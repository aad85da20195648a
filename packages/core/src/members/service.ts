/**
 * Members of an organization: list, change role, deactivate/reactivate,
 * remove, transfer ownership, and the same in bulk. Every change is audited
 * with before/after, and an organization always keeps an active owner
 * (checked under a lock on its owner rows, so concurrent changes cannot
 * remove the last two owners at once).
 */
import type { Db, MembershipStatus, Prisma, Tx } from "@atrium/db";
import type { AnyPermission, SystemRoleName } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import type { OrgAccess } from "../access/service.ts";
import type { AuditAction } from "../audit/actions.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";
import { resolveRole } from "../roles/service.ts";
import { requestBackchannelLogout } from "../oidc-provider/backchannel.ts";
import { unlinkMemberIdentities } from "../sso/identities.ts";
import { assertMayAssign } from "./rules.ts";
import { emitEvent } from "../events/emit.ts";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: RoleRef;
  status: MembershipStatus;
  attributes: Record<string, unknown>;
  joinedAt: Date;
  lastLoginAt: Date | null;
}

export interface MemberQuery {
  q?: string | undefined;
  role?: string | undefined;
  status?: MembershipStatus | undefined;
  sort?: "name" | "email" | "joined" | "lastLogin" | undefined;
  dir?: "asc" | "desc" | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export async function listMembers(db: Db, organizationId: string, query: MemberQuery = {}): Promise<{ rows: MemberRow[]; total: number }> {
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  const where: Prisma.MembershipWhereInput = {
    organizationId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.role ? (/^[0-9a-f-]{36}$/.test(query.role) ? { customRoleId: query.role } : { role: query.role as SystemRoleName }) : {}),
    ...(query.q
      ? { user: { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }] } }
      : {}),
  };
  const dir = query.dir ?? "asc";
  const orderBy: Prisma.MembershipOrderByWithRelationInput[] =
    query.sort === "email"
      ? [{ user: { email: dir } }]
      : query.sort === "joined"
        ? [{ createdAt: dir }]
        : query.sort === "lastLogin"
          ? [{ user: { lastLoginAt: { sort: dir, nulls: "last" } } }]
          : [{ user: { name: dir } }];
  const [rows, total] = await Promise.all([
    db.membership.findMany({
      where,
      orderBy: [...orderBy, { userId: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        userId: true,
        role: true,
        status: true,
        attributes: true,
        createdAt: true,
        customRole: { select: { id: true, name: true } },
        user: { select: { email: true, name: true, lastLoginAt: true } },
      },
    }),
    db.membership.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((m) => ({
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: roleRefOf(m.role, m.customRole),
      status: m.status,
      attributes: m.attributes as Record<string, unknown>,
      joinedAt: m.createdAt,
      lastLoginAt: m.user.lastLoginAt,
    })),
  };
}

/** Locks the organization's owner rows and fails if none would stay active. */
async function assertOwnersRemain(tx: Tx, organizationId: string, losingOwnership: readonly string[]): Promise<void> {
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id::text FROM memberships
     WHERE organization_id = ${organizationId}::uuid AND role = 'owner' AND status = 'active'
     FOR UPDATE`;
  if (owners.every((o) => losingOwnership.includes(o.user_id))) {
    throw new AppError("CONFLICT", { userMessage: "An organization must keep at least one active owner." });
  }
}

async function membershipOf(tx: Tx, organizationId: string, userId: string) {
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { id: true, role: true, status: true, customRole: { select: { id: true, name: true } }, user: { select: { email: true } } },
  });
  if (!membership) throw notFound("The member");
  return membership;
}

const actorSystemRole = (access: OrgAccess): SystemRoleName | null =>
  access.role && !access.role.custom ? (access.role.key as SystemRoleName) : null;

export interface Changer {
  actor: Actor;
  access: OrgAccess;
  /** The actor's effective permissions in the organization, product permissions included. */
  permissions: ReadonlySet<AnyPermission>;
}

async function changeRoleIn(tx: Tx, by: Changer, userId: string, roleKey: string): Promise<void> {
  const orgId = by.access.organization.id;
  const member = await membershipOf(tx, orgId, userId);
  const target = await resolveRole(tx, orgId, roleKey);
  const before = roleRefOf(member.role, member.customRole);
  if (before.key === target.ref.key) return;
  if (target.ref.custom && !by.permissions.has("roles:assign")) {
    throw new AppError("FORBIDDEN", { userMessage: "You do not have permission to give custom roles (roles:assign)." });
  }
  assertMayAssign(actorSystemRole(by.access), by.permissions, target.role, member.role);
  if (member.role === "owner" && target.columns.role !== "owner") await assertOwnersRemain(tx, orgId, [userId]);
  await tx.membership.update({ where: { id: member.id }, data: target.columns, select: { id: true } });
  await recordAudit(tx, by.actor, {
    action: "membership.role_change",
    organizationId: orgId,
    resource: { type: "user", id: userId },
    details: { before: before as unknown as Prisma.InputJsonObject, after: target.ref as unknown as Prisma.InputJsonObject },
    personal: { email: member.user.email },
  });
  await emitEvent(tx, orgId, "membership.role_changed", { userId, before: before.key, after: target.ref.key });
}

async function setStatusIn(tx: Tx, by: Changer, userId: string, status: MembershipStatus): Promise<void> {
  const orgId = by.access.organization.id;
  const member = await membershipOf(tx, orgId, userId);
  if (member.status === status) return;
  if (member.role === "owner" && actorSystemRole(by.access) !== "owner") {
    throw new AppError("FORBIDDEN", { userMessage: "Only an owner can deactivate or reactivate another owner." });
  }
  if (status === "deactivated" && member.role === "owner") await assertOwnersRemain(tx, orgId, [userId]);
  await tx.membership.update({ where: { id: member.id }, data: { status }, select: { id: true } });
  if (status === "deactivated") await requestBackchannelLogout(tx, userId, "member_removed", orgId);
  const action: AuditAction = status === "deactivated" ? "membership.deactivate" : "membership.reactivate";
  await recordAudit(tx, by.actor, {
    action,
    organizationId: orgId,
    resource: { type: "user", id: userId },
    details: { before: member.status, after: status },
    personal: { email: member.user.email },
  });
}

async function removeIn(tx: Tx, by: Changer, userId: string): Promise<void> {
  const orgId = by.access.organization.id;
  const member = await membershipOf(tx, orgId, userId);
  if (member.role === "owner") {
    if (actorSystemRole(by.access) !== "owner") throw new AppError("FORBIDDEN", { userMessage: "Only an owner can remove an owner." });
    await assertOwnersRemain(tx, orgId, [userId]);
  }
  await tx.membership.delete({ where: { id: member.id } });
  // Applications the person signed in to for this organization end their sessions (back-channel logout).
  await requestBackchannelLogout(tx, userId, "member_removed", orgId);
  // The person's SSO identity links to this organization's connections go with the membership.
  const ssoLinksRemoved = await unlinkMemberIdentities(tx, orgId, userId);
  await recordAudit(tx, by.actor, {
    action: "membership.remove",
    organizationId: orgId,
    resource: { type: "user", id: userId },
    details: { role: roleRefOf(member.role, member.customRole) as unknown as Prisma.InputJsonObject, ...(ssoLinksRemoved ? { ssoLinksRemoved } : {}) },
    personal: { email: member.user.email },
  });
  await emitEvent(tx, orgId, "membership.removed", { userId });
}

export const changeMemberRole = (db: Db, by: Changer, userId: string, roleKey: string) =>
  db.$transaction((tx) => changeRoleIn(tx, by, userId, roleKey));

export const setMemberStatus = (db: Db, by: Changer, userId: string, status: MembershipStatus) =>
  db.$transaction((tx) => setStatusIn(tx, by, userId, status));

export const removeMember = (db: Db, by: Changer, userId: string) => db.$transaction((tx) => removeIn(tx, by, userId));

export type BulkAction =
  | { type: "change_role"; roleKey: string }
  | { type: "deactivate" }
  | { type: "reactivate" }
  | { type: "remove" };

/** Applies one action to many members, all or nothing. */
export async function bulkUpdateMembers(db: Db, by: Changer, userIds: readonly string[], action: BulkAction): Promise<number> {
  return db.$transaction(async (tx) => {
    for (const userId of userIds) {
      if (action.type === "change_role") await changeRoleIn(tx, by, userId, action.roleKey);
      else if (action.type === "remove") await removeIn(tx, by, userId);
      else await setStatusIn(tx, by, userId, action.type === "deactivate" ? "deactivated" : "active");
    }
    return userIds.length;
  });
}

/** Makes another active member an owner and the acting owner an admin. */
export async function transferOwnership(db: Db, by: Changer, toUserId: string): Promise<void> {
  const orgId = by.access.organization.id;
  if (actorSystemRole(by.access) !== "owner") throw new AppError("FORBIDDEN", { userMessage: "Only an owner can transfer ownership." });
  const fromUserId = by.actor.type === "user" || by.actor.type === "staff" ? by.actor.userId : null;
  if (!fromUserId || fromUserId === toUserId) throw new AppError("BAD_REQUEST", { userMessage: "Choose another member to make owner." });
  await db.$transaction(async (tx) => {
    const target = await membershipOf(tx, orgId, toUserId);
    if (target.status !== "active") throw new AppError("CONFLICT", { userMessage: "Ownership can only go to an active member." });
    await tx.membership.update({ where: { id: target.id }, data: { role: "owner", customRoleId: null }, select: { id: true } });
    await tx.membership.update({
      where: { organizationId_userId: { organizationId: orgId, userId: fromUserId } },
      data: { role: "admin", customRoleId: null },
      select: { id: true },
    });
    await recordAudit(tx, by.actor, {
      action: "org.ownership_transfer",
      organizationId: orgId,
      resource: { type: "organization", id: orgId },
      details: { from: fromUserId, to: toUserId, previousRole: roleRefOf(target.role, target.customRole) as unknown as Prisma.InputJsonObject },
      personal: { toEmail: target.user.email },
    });
  });
}
