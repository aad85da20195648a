import { grantProductAccess } from "@atrium/core/applications";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCondition, ZRolePermissionName } from "./schemas.ts";

/**
 * Grants on the products' own resources (types declared with PUT /v1/catalog,
 * e.g. `demo-product/note`). Revoked with workspaces.revokeGrant, which
 * revokes any grant of the organization.
 */
export const productGrantsRouter = router({
  create: permissionProcedure("grants:create")
    .input(
      z.object({
        resourceType: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}\/[a-z][a-z0-9_]{0,49}$/, "Use a product resource type, e.g. demo-product/note"),
        resourceId: z.uuid(),
        subjectType: z.enum(["user", "group"]),
        subjectId: z.uuid(),
        permissions: z.array(ZRolePermissionName).min(1).max(20),
        expiresAt: z.date().nullable().default(null),
        conditions: z.array(ZCondition).max(10).default([]),
      }),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => grantProductAccess(ctx.db, ctx.actor, ctx.access, ctx.changer().permissions, input)),
});
