import { contextFor, productPermissionsOf } from "@atrium/core/access";
import { createRole, deleteRole, listRoles, updateRole } from "@atrium/core/roles";
import { productCatalogs } from "@atrium/core/applications";
import { PRODUCT_MINIMUM_ROLES } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCondition, ZName, ZRolePermissionName, ZOk, ok } from "./schemas.ts";

const ZRoleInput = z.object({
  name: ZName("a role name"),
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

const ZProductCatalog = z.object({
  application: z.object({ slug: z.string(), name: z.string() }),
  permissions: z.array(
    z.object({ name: z.string(), description: z.string(), category: z.string(), minimumRole: z.enum(PRODUCT_MINIMUM_ROLES), held: z.boolean() }),
  ),
});

export const rolesRouter = router({
  /** The products' own permissions (declared with PUT /v1/catalog), for the roles editor; `held`: the caller may grant it. */
  productPermissions: permissionProcedure("roles:read")
    .output(z.array(ZProductCatalog))
    .query(async ({ ctx }) => {
      const held: ReadonlySet<string> = productPermissionsOf(ctx.access, contextFor(ctx.actor, ctx.access));
      return (await productCatalogs(ctx.db)).map((c) => ({ application: c.application, permissions: c.permissions.map((p) => ({ ...p, held: held.has(p.name) })) }));
    }),

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
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(deleteRole(ctx.db, ctx.actor, ctx.access.organization.id, input.roleId))),
});
