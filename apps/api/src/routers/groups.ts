import { deleteGroup, listGroups, saveGroup } from "@atrium/core/groups";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZOk, ok } from "./schemas.ts";

const ZGroupInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(500).default(""),
  memberIds: z.array(z.uuid()).max(10_000).default([]),
});

export const groupsRouter = router({
  list: permissionProcedure("members:read")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          description: z.string(),
          source: z.enum(["manual", "scim"]),
          members: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
        }),
      ),
    )
    .query(({ ctx }) => listGroups(ctx.db, ctx.access.organization.id)),

  create: permissionProcedure("members:bulk_manage")
    .input(ZGroupInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => saveGroup(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  update: permissionProcedure("members:bulk_manage")
    .input(ZGroupInput.extend({ groupId: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => saveGroup(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  delete: permissionProcedure("members:bulk_manage")
    .input(z.object({ groupId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(deleteGroup(ctx.db, ctx.actor, ctx.access.organization.id, input.groupId))),
});
