/**
 * Staff procedures with a staff permission (packages/rbac staff.ts): the
 * caller is platform staff (staffProcedure) whose staff role grants it;
 * FORBIDDEN, audited, otherwise. ctx.staff carries the role and scope that
 * core uses to show only the caller's customers.
 */
import { assertStaffCan, loadStaff } from "@atrium/core/staff";
import type { StaffPermission } from "@atrium/rbac";
import { TRPCError } from "@trpc/server";
import { staffProcedure } from "./procedures.ts";

export function staffPermissionProcedure(permission: StaffPermission) {
  return staffProcedure.use(async ({ ctx, path, next }) => {
    const staff = await loadStaff(ctx.db, ctx.user);
    if (!staff) throw new TRPCError({ code: "FORBIDDEN", message: "This area is for platform staff." });
    await assertStaffCan(ctx.db, staff, ctx.actor, permission, path);
    return next({ ctx: { staff } });
  });
}
