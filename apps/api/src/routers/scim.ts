import {
  createScimToken,
  leaveScimUserUnlinked,
  linkScimUser,
  listProvisionedGroups,
  listProvisionedUsers,
  listScimRequests,
  listScimTokens,
  revokeScimToken,
  rotateScimToken,
  scimDeadLetters,
  scimOverview,
  setScimDefaultRole,
  setScimGroupRole,
  triggerScimReconcile,
} from "@atrium/core/scim";
import { z } from "zod";
import { scimJobQueueFor } from "../rest/scim/scim-jobs.ts";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCredentialListing, ZIssuedSecret, ZOk, ok } from "./schemas.ts";

const ZAssignable = z.enum(["admin", "member", "viewer"]);

export const scimRouter = router({
  /** Base URL, statistics, failures and dead-lettered jobs. */
  overview: permissionProcedure("scim:read")
    .output(
      z.object({
        baseUrl: z.string(),
        defaultRole: z.enum(["owner", "admin", "member", "viewer"]),
        lastSyncAt: z.date().nullable(),
        lastRequestAt: z.date().nullable(),
        lastReconciledAt: z.date().nullable(),
        totals: z.object({
          users: z.number(),
          activeUsers: z.number(),
          groups: z.number(),
          mappedGroups: z.number(),
          usersCreated: z.number(),
          usersUpdated: z.number(),
          usersDeactivated: z.number(),
          usersDeleted: z.number(),
          groupsChanged: z.number(),
        }),
        hourly: z.array(z.object({ hour: z.date(), ok: z.number(), errors: z.number() })),
        requests24h: z.number(),
        errors24h: z.number(),
        jobsFailed: z.number(),
        lastError: z.string().nullable(),
        lastErrorAt: z.date().nullable(),
        deadLetters: z.array(z.object({ id: z.string(), kind: z.string(), error: z.string(), failedAt: z.date().nullable(), retries: z.number() })),
      }),
    )
    .query(async ({ ctx }) => {
      const orgId = ctx.access.organization.id;
      const [overview, deadLetters] = await Promise.all([scimOverview(ctx.db, orgId), scimDeadLetters(ctx.db, orgId)]);
      return { baseUrl: `${ctx.env.ATRIUM_PUBLIC_URL.replace(/\/$/, "")}/scim/v2`, ...overview, deadLetters };
    }),

  tokens: permissionProcedure("scim:read")
    .output(z.array(ZCredentialListing))
    .query(({ ctx }) => listScimTokens(ctx.db, ctx.access.organization.id)),

  /** The secret is in this response only. */
  createToken: permissionProcedure("scim:create_token")
    .input(
      z.object({
        name: z.string().trim().min(1, "Name the token, e.g. after the identity provider that uses it.").max(100, "A token name can be at most 100 characters."),
        expiresAt: z.date().nullable().default(null),
      }),
    )
    .output(ZIssuedSecret.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createScimToken(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  rotateToken: permissionProcedure("scim:create_token")
    .input(z.object({ tokenId: z.uuid() }))
    .output(ZIssuedSecret)
    .mutation(({ ctx, input }) => rotateScimToken(ctx.db, ctx.actor, ctx.access.organization.id, input.tokenId)),

  revokeToken: permissionProcedure("scim:revoke_token")
    .input(z.object({ tokenId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeScimToken(ctx.db, ctx.actor, ctx.access.organization.id, input.tokenId))),

  requests: permissionProcedure("scim:read_sync_log")
    .input(z.object({ errorsOnly: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50), before: z.string().regex(/^\d+$/).optional() }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          tokenPrefix: z.string().nullable(),
          method: z.string(),
          path: z.string(),
          status: z.number(),
          scimType: z.string().nullable(),
          durationMs: z.number(),
          bodyExcerpt: z.string().nullable(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => listScimRequests(ctx.db, ctx.access.organization.id, { errorsOnly: input.errorsOnly, limit: input.limit, before: input.before ? BigInt(input.before) : undefined })),

  /** Provisioned directory records with their link state; `link: "unlinked"` lists those not linked to an account. */
  users: permissionProcedure("scim:read")
    .input(
      z.object({
        search: z.string().max(200).default(""),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
        link: z.enum(["all", "unlinked"]).default("all"),
      }),
    )
    .output(
      z.object({
        total: z.number(),
        /** Unlinked records no admin has yet resolved. */
        unlinked: z.number(),
        rows: z.array(
          z.object({
            id: z.string(),
            userName: z.string(),
            name: z.string(),
            active: z.boolean(),
            role: z.string().nullable(),
            updatedAt: z.date(),
            account: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
            linkIssue: z.enum(["no_address", "outside_verified_domains", "account_taken"]).nullable(),
            linkAddress: z.string().nullable(),
            conflictWith: z.object({ id: z.string(), userName: z.string() }).nullable(),
            leftUnlinked: z.boolean(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => listProvisionedUsers(ctx.db, ctx.access.organization.id, input)),

  /** Links an unlinked provisioned user to a member's account the admin chose. */
  linkUser: permissionProcedure("scim:manage_group_mappings")
    .input(z.object({ scimUserId: z.uuid(), userId: z.uuid() }))
    .output(z.object({ linked: z.literal(true) }))
    .mutation(({ ctx, input }) => linkScimUser(ctx.db, ctx.actor, scimJobQueueFor(ctx.env.DATABASE_URL), ctx.access.organization.id, input.scimUserId, input.userId)),

  /** Leaves an unlinked provisioned user unlinked on purpose (it no longer needs attention). */
  leaveUnlinked: permissionProcedure("scim:manage_group_mappings")
    .input(z.object({ scimUserId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(leaveScimUserUnlinked(ctx.db, ctx.actor, ctx.access.organization.id, input.scimUserId))),

  groups: permissionProcedure("scim:read")
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          members: z.number(),
          mapping: z.object({ role: z.string().nullable(), customRoleId: z.string().nullable(), customRoleName: z.string().nullable(), priority: z.number() }).nullable(),
          updatedAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listProvisionedGroups(ctx.db, ctx.access.organization.id)),

  /** Maps a provisioned group to a system or custom role (null clears it); the highest priority wins. */
  setGroupRole: permissionProcedure("scim:manage_group_mappings")
    .input(
      z.object({
        groupId: z.uuid(),
        target: z.union([z.object({ role: ZAssignable }), z.object({ customRoleId: z.uuid() })]).nullable(),
        priority: z.number().int().min(-1000).max(1000).default(0),
      }),
    )
    .output(z.object({ members: z.number(), recomputed: z.union([z.number(), z.literal("queued")]) }))
    .mutation(({ ctx, input }) =>
      setScimGroupRole(ctx.db, ctx.actor, scimJobQueueFor(ctx.env.DATABASE_URL), ctx.access.organization.id, input.groupId, input.target ? { ...input.target, priority: input.priority } : null),
    ),

  setDefaultRole: permissionProcedure("scim:manage_group_mappings")
    .input(z.object({ role: ZAssignable }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setScimDefaultRole(ctx.db, ctx.actor, scimJobQueueFor(ctx.env.DATABASE_URL), ctx.access.organization.id, input.role))),

  triggerSync: permissionProcedure("scim:trigger_sync")
    .output(z.object({ jobId: z.string().nullable() }))
    .mutation(({ ctx }) => triggerScimReconcile(ctx.db, ctx.actor, scimJobQueueFor(ctx.env.DATABASE_URL), ctx.access.organization.id)),
});
