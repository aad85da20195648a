import { createChildOrganization, getHierarchy, getOrganization, listMyOrganizations } from "@atrium/core";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, permissionProcedure } from "../trpc/procedures.ts";
import { ZOrganization, ZRegion, ZRoleRef } from "./schemas.ts";

export const ZCreateChildInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(200),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "Use 1–63 lowercase letters, digits and inner hyphens"),
  region: ZRegion.optional(),
});

export const orgRouter = router({
  list: authedProcedure
    .output(z.array(ZOrganization.extend({ role: ZRoleRef })))
    .query(({ ctx }) => listMyOrganizations(ctx.db, ctx.user.id)),

  get: permissionProcedure("org:read")
    .output(ZOrganization.extend({ memberCount: z.number().int(), role: ZRoleRef.nullable() }))
    .query(async ({ ctx }) => ({ ...(await getOrganization(ctx.db, ctx.access.organization.id)), role: ctx.access.role })),

  hierarchy: permissionProcedure("org:read")
    .output(z.array(ZOrganization.extend({ memberCount: z.number().int() })))
    .query(({ ctx }) => getHierarchy(ctx.db, ctx.access.organization.id)),

  createChild: permissionProcedure("org:create_child")
    .input(ZCreateChildInput)
    .output(ZOrganization)
    .mutation(({ ctx, input }) => createChildOrganization(ctx.db, ctx.actor, ctx.access.organization.id, input)),
});
