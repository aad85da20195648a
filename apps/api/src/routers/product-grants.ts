import { contextFor, productPermissionsOf } from "@atrium/core/access";
import { grantProductAccess, listProductGrants, productCatalogs } from "@atrium/core/applications";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCondition, ZRolePermissionName } from "./schemas.ts";

const ZProductResourceType = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}\/[a-z][a-z0-9_]{0,49}$/, "Use a product resource type, e.g. demo-product/note");

/**
 * Grants on the products' own resources (types declared with PUT /v1/catalog,
 * e.g. `demo-product/note`). Revoked with workspaces.revokeGrant, which
 * revokes any grant of the organization.
 */
export const productGrantsRouter = router({
  /** What can be granted: each product's resource types and permissions; `held`: the caller may grant it. */
  catalog: permissionProcedure("grants:read")
    .output(
      z.array(
        z.object({
          application: z.object({ slug: z.string(), name: z.string() }),
          resourceTypes: z.array(z.object({ type: z.string(), description: z.string() })),
          permissions: z.array(z.object({ name: z.string(), description: z.string(), category: z.string(), held: z.boolean() })),
        }),
      ),
    )
    .query(async ({ ctx }) => {
      const held: ReadonlySet<string> = productPermissionsOf(ctx.access, contextFor(ctx.actor, ctx.access));
      return (await productCatalogs(ctx.db))
        .filter((c) => c.resourceTypes.length > 0)
        .map((c) => ({
          application: c.application,
          resourceTypes: c.resourceTypes,
          permissions: c.permissions.map((p) => ({ name: p.name, description: p.description, category: p.category, held: held.has(p.name) })),
        }));
    }),

  /** The organization's grants on product resources, newest first. */
  list: permissionProcedure("grants:read")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          resourceType: z.string(),
          resourceId: z.string(),
          subjectType: z.enum(["user", "group"]),
          subjectId: z.uuid(),
          subjectName: z.string(),
          permissions: z.array(z.string()),
          expiresAt: z.date().nullable(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listProductGrants(ctx.db, ctx.access.organization.id)),

  create: permissionProcedure("grants:create")
    .input(
      z.object({
        resourceType: ZProductResourceType,
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
