/**
 * The organization's members (`members.*`): list, role changes, status, removal,
 * ownership transfer and bulk changes; their personal data (GDPR export and
 * erasure) under `members.privacy`.
 */
import { authorize } from "@atrium/core/access";
import { bulkUpdateMembers, changeMemberRole, listMembers, removeMember, setMemberStatus, transferOwnership } from "@atrium/core/members";
import type { Permission } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZRoleKey, ZRoleRef, ZOk, ok } from "../schemas.ts";
import { privacyRouter } from "./privacy.ts";

const ZMember = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZRoleRef,
  status: z.enum(["active", "deactivated"]),
  attributes: z.record(z.string(), z.unknown()),
  joinedAt: z.date(),
  lastLoginAt: z.date().nullable(),
});

const ZTarget = z.object({ userId: z.uuid() });

const ZBulkAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("change_role"), roleKey: ZRoleKey }),
  z.object({ type: z.literal("deactivate") }),
  z.object({ type: z.literal("reactivate") }),
  z.object({ type: z.literal("remove") }),
]);

const BULK_PERMISSION: Record<z.infer<typeof ZBulkAction>["type"], Permission> = {
  change_role: "members:update_role",
  deactivate: "members:deactivate",
  reactivate: "members:reactivate",
  remove: "members:remove",
};

export const membersRouter = router({
  list: permissionProcedure("members:read")
    .input(
      z.object({
        q: z.string().trim().max(200).optional(),
        role: ZRoleKey.optional(),
        status: z.enum(["active", "deactivated"]).optional(),
        sort: z.enum(["name", "email", "joined", "lastLogin"]).optional(),
        dir: z.enum(["asc", "desc"]).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(z.object({ rows: z.array(ZMember), total: z.number().int() }))
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.access.organization.id, input)),

  changeRole: permissionProcedure("members:update_role")
    .input(ZTarget.extend({ roleKey: ZRoleKey }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(changeMemberRole(ctx.db, ctx.changer(), input.userId, input.roleKey))),

  deactivate: permissionProcedure("members:deactivate")
    .input(ZTarget)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setMemberStatus(ctx.db, ctx.changer(), input.userId, "deactivated"))),

  reactivate: permissionProcedure("members:reactivate")
    .input(ZTarget)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setMemberStatus(ctx.db, ctx.changer(), input.userId, "active"))),

  remove: permissionProcedure("members:remove")
    .input(ZTarget)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(removeMember(ctx.db, ctx.changer(), input.userId))),

  transferOwnership: permissionProcedure("members:transfer_ownership")
    .input(ZTarget)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(transferOwnership(ctx.db, ctx.changer(), input.userId))),

  /** One action on up to 500 members, all or nothing; needs the single action's permission too. */
  bulk: permissionProcedure("members:bulk_manage")
    .input(z.object({ userIds: z.array(z.uuid()).min(1).max(500), action: ZBulkAction }))
    .output(z.object({ updated: z.number().int() }))
    .mutation(async ({ ctx, input, path }) => {
      await authorize(ctx.db, ctx.actor, ctx.access, BULK_PERMISSION[input.action.type], { operation: path });
      const updated = await bulkUpdateMembers(ctx.db, ctx.changer(), [...new Set(input.userIds)], input.action);
      return { updated };
    }),

  privacy: privacyRouter,
});
