import { getSessionPolicy, listAllowlist, replaceAllowlist, setSessionPolicy, ZSessionPolicyInput } from "@atrium/core/security";
import { setRateLimit } from "@atrium/core/api-keys";
import { RATE_LIMITS } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZOk, ok } from "./schemas.ts";

const RATE_LIMIT_RANGE = "Enter a whole number from 1 to 1,000,000.";


const ZSessionPolicy = z.object({ idleTimeoutMinutes: z.number().int().nullable(), maxLifetimeHours: z.number().int().nullable(), updatedAt: z.date().nullable() });

export const settingsRouter = router({
  /** Idle timeout and maximum lifetime of members' sessions (null: the platform default). */
  sessionPolicy: permissionProcedure("security:read")
    .output(ZSessionPolicy)
    .query(({ ctx }) => getSessionPolicy(ctx.db, ctx.access.organization.id)),

  /** Takes effect on every API instance within a second: sessions past the new limits end at their next request. */
  updateSessionPolicy: permissionProcedure("security:update_session_policy")
    .input(ZSessionPolicyInput)
    .output(ZSessionPolicy)
    .mutation(({ ctx, input }) => setSessionPolicy(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  ipAllowlist: permissionProcedure("ip_allowlist:read")
    .output(z.object({ entries: z.array(z.object({ id: z.uuid(), cidr: z.string(), description: z.string(), createdAt: z.date() })), yourIp: z.string().nullable() }))
    .query(async ({ ctx }) => ({ entries: await listAllowlist(ctx.db, ctx.access.organization.id), yourIp: ctx.meta.ip ?? null })),

  /** Replaces the list; one that excludes the caller's own address needs confirmLockout. */
  updateIpAllowlist: permissionProcedure("ip_allowlist:update")
    .input(
      z.object({
        entries: z.array(z.object({ cidr: z.string().trim().min(2).max(64), description: z.string().max(200).default("") })).max(200),
        confirmLockout: z.boolean().default(false),
      }),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(replaceAllowlist(ctx.db, ctx.actor, ctx.access.organization.id, input.entries, input.confirmLockout))),

  rateLimit: permissionProcedure("rate_limits:read")
    .output(z.object({ perMinute: z.number().int(), burst: z.number().int(), custom: z.boolean() }))
    .query(async ({ ctx }) => {
      const org = await ctx.db.organization.findUniqueOrThrow({
        where: { id: ctx.access.organization.id },
        select: { plan: true, rateLimitPerMinute: true, rateLimitBurst: true },
      });
      const plan = RATE_LIMITS[org.plan];
      return {
        perMinute: org.rateLimitPerMinute ?? plan.perMinute,
        burst: org.rateLimitBurst ?? plan.burst,
        custom: org.rateLimitPerMinute !== null || org.rateLimitBurst !== null,
      };
    }),

  /** null restores the plan's default. */
  updateRateLimit: permissionProcedure("rate_limits:update")
    .input(
      z.object({
        perMinute: z.number().int(RATE_LIMIT_RANGE).min(1, RATE_LIMIT_RANGE).max(1_000_000, RATE_LIMIT_RANGE).nullable(),
        burst: z.number().int(RATE_LIMIT_RANGE).min(1, RATE_LIMIT_RANGE).max(1_000_000, RATE_LIMIT_RANGE).nullable(),
      }),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setRateLimit(ctx.db, ctx.actor, ctx.access.organization.id, input))),
});
