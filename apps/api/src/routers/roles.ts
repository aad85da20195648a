import { createRole, deleteRole, listRoles, updateRole } from "@atrium/core";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCondition, ZRolePermissionName } from "./schemas.ts";

const ZRoleInput = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).default(""),
  permissions: z.array(ZRolePermissionName).min(1).max(400),
  conditions: z.array(ZCondition).max(10).default([]),
});

const ZRole = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  custom: z.boolean(),
  permissions: z.array(z.string()),
  conditions: z.array(ZCondition),
  memberCount: z.number().int(),
});

export const rolesRouter = router({
  list: permissionProcedure("roles:read")
    .output(z.array(ZRole))
    .query(({ ctx }) => listRoles(ctx.db, ctx.access.organization.id, ctx.access.products)),

  create: permissionProcedure("roles:create")
    .input(ZRoleInput)
    .output(z.object({ id: z.uuid(), name: z.string() }))
    .mutation(({ ctx, input }) => createRole(ctx.db, ctx.actor, ctx.access.organization.id, ctx.changer().permissions, input, ctx.access.products)),

  update: permissionProcedure("roles:update")
    .input(ZRoleInput.extend({ roleId: z.uuid() }))
    .output(z.object({ id: z.uuid(), name: z.string() }))
    .mutation(({ ctx, input: { roleId, ...input } }) =>
      updateRole(ctx.db, ctx.actor, ctx.access.organization.id, ctx.changer().permissions, roleId, input, ctx.access.products),
    ),

  delete: permissionProcedure("roles:delete")
    .input(z.object({ roleId: z.uuid() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteRole(ctx.db, ctx.actor, ctx.access.organization.id, input.roleId);
      return { ok: true as const };
    }),
});
