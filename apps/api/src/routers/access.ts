import { contextFor, decideFor, loadOrgAccess, permissionsOf } from "@atrium/core/access";
import { isPermission, type Permission } from "@atrium/rbac";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZRoleRef } from "./schemas.ts";

export const accessRouter = router({
  /** The caller's role and effective permissions here: the SPA hides what they cannot do. */
  mine: permissionProcedure("org:read")
    .output(z.object({ role: ZRoleRef.nullable(), permissions: z.array(z.string()) }))
    .query(({ ctx }) => ({
      role: ctx.access.role,
      permissions: [...permissionsOf(ctx.access, contextFor(ctx.actor, ctx.access))],
    })),

  /** Why a member may or may not do something here, in the words of the decision. */
  explain: permissionProcedure("access:explain")
    .input(z.object({ userId: z.uuid(), permission: z.string().refine(isPermission, "Unknown permission") }))
    .output(z.object({ allowed: z.boolean(), reason: z.string() }))
    .query(async ({ ctx, input }) => {
      const access = await loadOrgAccess(ctx.db, input.userId, ctx.access.organization.id);
      if (!access) throw new TRPCError({ code: "NOT_FOUND", message: "That person has no role in this organization." });
      return decideFor(access, input.permission as Permission, { now: new Date(), ipAllowlist: access.organization.ipAllowlist });
    }),
});
