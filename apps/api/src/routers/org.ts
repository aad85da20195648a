import {
  archiveOrganization,
  createChildOrganization,
  getHierarchy,
  getOrganization,
  listMyOrganizations,
  moveOrganization,
  renameOrganization,
  restoreOrganization,
  setRoleInheritance,
  updateBranding,
} from "@atrium/core/organizations";
import { assertQuota, planSummary } from "@atrium/core/plans";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, permissionProcedure } from "../trpc/procedures.ts";
import { ZBrandColor, ZOrganization, ZPlanSummary, ZRegion, ZRoleRef, ZOk, ok } from "./schemas.ts";


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
    .output(z.array(ZOrganization.extend({ role: ZRoleRef, inherited: z.boolean() })))
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
    .mutation(async ({ ctx, input }) => {
      await assertQuota(ctx.db, ctx.access.organization.id, ctx.access.organization.plan, "child_organizations");
      return createChildOrganization(ctx.db, ctx.actor, ctx.access.organization.id, input);
    }),

  rename: permissionProcedure("org:update")
    .input(z.object({ name: z.string().trim().min(1).max(200) }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(renameOrganization(ctx.db, ctx.actor, ctx.access.organization.id, input.name))),

  settings: permissionProcedure("org:read")
    .output(
      z.object({
        name: z.string(),
        region: ZRegion,
        inheritRolesToChildren: z.boolean(),
        logoUrl: z.string().nullable(),
        brandColor: z.string().nullable(),
        supportEmail: z.string().nullable(),
      }),
    )
    .query(({ ctx }) =>
      ctx.db.organization.findUniqueOrThrow({
        where: { id: ctx.access.organization.id },
        select: { name: true, region: true, inheritRolesToChildren: true, logoUrl: true, brandColor: true, supportEmail: true },
      }),
    ),

  updateBranding: permissionProcedure("org:update_branding")
    .input(
      z.object({
        logoUrl: z.url({ protocol: /^https$/, error: "Use an https:// address" }).max(2000).nullable(),
        brandColor: ZBrandColor.nullable(),
        supportEmail: z.email().max(320).nullable(),
      }),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(updateBranding(ctx.db, ctx.actor, ctx.access.organization.id, input))),

  setInheritance: permissionProcedure("org:manage_inheritance")
    .input(z.object({ inheritRolesToChildren: z.boolean() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setRoleInheritance(ctx.db, ctx.actor, ctx.access.organization.id, input.inheritRolesToChildren))),

  /** Moves this organization under another one of the same customer (org:create_child needed there too). */
  move: permissionProcedure("org:move")
    .input(z.object({ newParentId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(moveOrganization(ctx.db, ctx.actor, ctx.access, input.newParentId))),

  archive: permissionProcedure("org:archive")
    .output(z.object({ archived: z.number().int() }))
    .mutation(async ({ ctx }) => ({ archived: await archiveOrganization(ctx.db, ctx.actor, ctx.access) })),

  restore: permissionProcedure("org:restore")
    .output(z.object({ restored: z.number().int() }))
    .mutation(async ({ ctx }) => ({ restored: await restoreOrganization(ctx.db, ctx.actor, ctx.access) })),

  /** The plan, its features (with overrides and why) and quota use. */
  plan: permissionProcedure("features:read")
    .output(ZPlanSummary)
    .query(({ ctx }) => planSummary(ctx.db, ctx.access.organization.id)),
});
