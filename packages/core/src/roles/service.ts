/**
 * Custom roles: per-organization permission sets, validated by packages/rbac
 * (no unknown permission, nothing the creator lacks). System roles are fixed
 * and listed alongside them. Roles may hold product permissions
 * (`<application>/<resource>:<action>`) declared in the product catalog
 * (applications/catalog.ts); callers pass that catalog as `products`, and
 * the granter's permissions include the product permissions they hold.
 */
import { isUniqueViolation, type Db, type DbOrTx, type SystemRole } from "@atrium/db";
import {
  isSystemRole,
  PERMISSIONS,
  ROLE_DESCRIPTIONS,
  SYSTEM_ROLES,
  systemRolePermissions,
  validateCustomRole,
  type Condition,
  systemRoleHoldsProduct,
  type AnyPermission,
  type CustomRole,
  type ProductPermissionSpec,
  type Role,
} from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { roleRefOf, type RoleRef } from "./ref.ts";

export interface RoleRow {
  key: string;
  name: string;
  description: string;
  custom: boolean;
  permissions: AnyPermission[];
  conditions: Condition[];
  memberCount: number;
}

export interface ResolvedRole {
  role: Role;
  ref: RoleRef;
  /** The membership/invitation columns that hold it. */
  columns: { role: SystemRole | null; customRoleId: string | null };
}

/** A role by key (system role name or custom role id) within one organization. */
export async function resolveRole(db: DbOrTx, organizationId: string, key: string): Promise<ResolvedRole> {
  if (isSystemRole(key)) return { role: key, ref: roleRefOf(key, null), columns: { role: key, customRoleId: null } };
  const custom = /^[0-9a-f-]{36}$/.test(key)
    ? await db.role.findFirst({ where: { id: key, organizationId }, select: { id: true, name: true, permissions: true, conditions: true } })
    : null;
  if (!custom) throw notFound("The role");
  const role: CustomRole = {
    id: custom.id,
    name: custom.name,
    permissions: custom.permissions as AnyPermission[],
    conditions: custom.conditions as unknown as Condition[],
  };
  return { role, ref: roleRefOf(null, custom), columns: { role: null, customRoleId: custom.id } };
}

export async function listRoles(db: Db, organizationId: string, products: readonly ProductPermissionSpec[] = []): Promise<RoleRow[]> {
  const [custom, counts] = await Promise.all([
    db.role.findMany({
      where: { organizationId },
      select: { id: true, name: true, description: true, permissions: true, conditions: true, _count: { select: { memberships: { where: { status: "active" } } } } },
      orderBy: { name: "asc" },
    }),
    db.membership.groupBy({ by: ["role"], where: { organizationId, status: "active", role: { not: null } }, _count: true }),
  ]);
  const systemRows: RoleRow[] = SYSTEM_ROLES.map((name) => ({
    key: name,
    name,
    description: ROLE_DESCRIPTIONS[name],
    custom: false,
    permissions: [...systemRolePermissions(name), ...products.filter((p) => systemRoleHoldsProduct(name, p)).map((p) => p.name)],
    conditions: [],
    memberCount: counts.find((c) => c.role === name)?._count ?? 0,
  }));
  return [
    ...systemRows,
    ...custom.map((r) => ({
      key: r.id,
      name: r.name,
      description: r.description,
      custom: true,
      permissions: r.permissions as AnyPermission[],
      conditions: r.conditions as unknown as Condition[],
      memberCount: r._count.memberships,
    })),
  ];
}

export interface RoleInput {
  name: string;
  description: string;
  permissions: AnyPermission[];
  conditions: Condition[];
}

function assertValid(input: RoleInput, granter: ReadonlySet<string>, products: readonly ProductPermissionSpec[]) {
  const problems = validateCustomRole(input, granter, products);
  if (problems.length) {
    throw new AppError("BAD_REQUEST", { userMessage: problems.map((p) => p.message).join(" ") });
  }
}

/** Atrium's permissions in catalog order, then product permissions in the order their products declared them. */
const catalogOrderIn =
  (products: readonly ProductPermissionSpec[]) =>
  (permissions: readonly string[]): AnyPermission[] => [
    ...PERMISSIONS.map((p) => p.name).filter((p) => permissions.includes(p)),
    ...products.map((p) => p.name).filter((p) => permissions.includes(p)),
  ];

export async function createRole(
  db: Db,
  actor: Actor,
  organizationId: string,
  granter: ReadonlySet<string>,
  input: RoleInput,
  products: readonly ProductPermissionSpec[] = [],
) {
  assertValid(input, granter, products);
  const catalogOrder = catalogOrderIn(products);
  return db.$transaction(async (tx) => {
    try {
      const role = await tx.role.create({
        data: {
          organizationId,
          name: input.name.trim(),
          description: input.description,
          permissions: catalogOrder(input.permissions),
          conditions: input.conditions as object[],
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, actor, {
        action: "role.create",
        organizationId,
        resource: { type: "role", id: role.id },
        details: { name: role.name, permissions: catalogOrder(input.permissions), conditions: input.conditions as object[] },
      });
      return role;
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `A role named "${input.name}" already exists.`, cause: error });
      throw error;
    }
  });
}

export async function updateRole(
  db: Db,
  actor: Actor,
  organizationId: string,
  granter: ReadonlySet<string>,
  roleId: string,
  input: RoleInput,
  products: readonly ProductPermissionSpec[] = [],
) {
  assertValid(input, granter, products);
  const catalogOrder = catalogOrderIn(products);
  return db.$transaction(async (tx) => {
    const before = await tx.role.findFirst({
      where: { id: roleId, organizationId },
      select: { name: true, description: true, permissions: true, conditions: true },
    });
    if (!before) throw notFound("The role");
    const after = {
      name: input.name.trim(),
      description: input.description,
      permissions: catalogOrder(input.permissions),
      conditions: input.conditions as object[],
    };
    try {
      await tx.role.update({ where: { id: roleId }, data: after, select: { id: true } });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `A role named "${input.name}" already exists.`, cause: error });
      throw error;
    }
    const added = after.permissions.filter((p) => !before.permissions.includes(p));
    const removed = before.permissions.filter((p) => !after.permissions.includes(p as AnyPermission));
    await recordAudit(tx, actor, {
      action: "role.update",
      organizationId,
      resource: { type: "role", id: roleId },
      details: {
        before: { name: before.name, description: before.description, conditions: before.conditions as object[] },
        after: { name: after.name, description: after.description, conditions: after.conditions },
        added,
        removed,
      },
    });
    return { id: roleId, name: after.name };
  });
}

export async function deleteRole(db: Db, actor: Actor, organizationId: string, roleId: string) {
  await db.$transaction(async (tx) => {
    const role = await tx.role.findFirst({
      where: { id: roleId, organizationId },
      select: { name: true, permissions: true, _count: { select: { memberships: true, invitations: { where: { status: "pending" } } } } },
    });
    if (!role) throw notFound("The role");
    const holders = role._count.memberships + role._count.invitations;
    if (holders > 0) {
      throw new AppError("CONFLICT", {
        userMessage: `"${role.name}" is held by ${holders} member${holders === 1 ? "" : "s"} or pending invitation${holders === 1 ? "" : "s"}; give them another role first.`,
      });
    }
    await tx.role.delete({ where: { id: roleId } });
    await recordAudit(tx, actor, {
      action: "role.delete",
      organizationId,
      resource: { type: "role", id: roleId },
      details: { name: role.name, permissions: role.permissions },
    });
  });
}
