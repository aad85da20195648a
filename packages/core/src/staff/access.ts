/**
 * Platform staff in the CSM portal: their staff role (platform role, or CS
 * lead from cs_leads), what it allows (packages/rbac staff.ts) and which
 * customers they see. A customer outside the caller's scope is NOT_FOUND,
 * exactly as an id that does not exist.
 */
import { Prisma, type DbOrTx } from "@atrium/db";
import { staffPermissions, staffRoleOf, staffScope, type StaffPermission, type StaffRole, type StaffScope } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface Staff {
  userId: string;
  email: string;
  role: StaffRole;
  scope: StaffScope;
  permissions: ReadonlySet<StaffPermission>;
}

export async function loadStaff(db: DbOrTx, user: { id: string; email: string; platformRole: string | null }): Promise<Staff | null> {
  if (!user.platformRole) return null;
  const lead = await db.csLead.findUnique({ where: { userId: user.id }, select: { userId: true } });
  const role = staffRoleOf(user.platformRole, lead !== null);
  if (!role) return null;
  return { userId: user.id, email: user.email, role, scope: staffScope(role), permissions: staffPermissions(role) };
}

/** FORBIDDEN (audited as a platform denial) unless the staff role holds the permission. */
export async function assertStaffCan(db: DbOrTx, staff: Staff, actor: Actor, permission: StaffPermission, operation: string): Promise<void> {
  if (staff.permissions.has(permission)) return;
  await recordAudit(db, actor, {
    action: "access.denied",
    organizationId: null,
    status: "denied",
    resource: { type: "platform", id: operation },
    details: { operation, permission, reason: `staff role ${staff.role} does not grant ${permission}` },
  });
  throw new AppError("FORBIDDEN", { userMessage: `Your staff role (${staff.role}) does not allow this.` });
}

/**
 * SQL condition on `o` (an organizations row): the organization belongs to a
 * customer the staff member sees: scope all, or its root is assigned to them
 * (customer_assignments) or names them as CSM on its live contract.
 */
export function visibleToStaff(staff: Staff, alias = "o"): Prisma.Sql {
  if (staff.scope === "all") return Prisma.sql`true`;
  const o = Prisma.raw(alias);
  const root = Prisma.sql`replace(subpath(${o}.path, 0, 1)::text, '_', '-')::uuid`;
  return Prisma.sql`(EXISTS (SELECT 1 FROM customer_assignments ca
                              WHERE ca.csm_user_id = ${staff.userId}::uuid AND ca.organization_id = ${root})
                     OR EXISTS (SELECT 1 FROM contracts c
                                 WHERE c.csm_user_id = ${staff.userId}::uuid AND c.organization_id = ${root}
                                   AND c.status IN ('active', 'renewal_pending')))`;
}

/** The organization, when the staff member sees it; NOT_FOUND otherwise. */
export async function visibleCustomer(db: DbOrTx, staff: Staff, organizationId: string): Promise<{ id: string; name: string; rootId: string; path: string }> {
  const [row] = await db.$queryRaw<{ id: string; name: string; root_id: string; path: string }[]>`
    SELECT o.id::text, o.name, replace(subpath(o.path, 0, 1)::text, '_', '-') AS root_id, o.path::text
      FROM organizations o
     WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL AND ${visibleToStaff(staff)}`;
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "The customer was not found." });
  return { id: row.id, name: row.name, rootId: row.root_id, path: row.path };
}
