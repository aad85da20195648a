import {
  completeLoginEnrollment,
  completeMfaLogin,
  confirmMyEnrollment,
  disableMyMfa,
  getMfaPolicy,
  listMemberMfa,
  mfaStatus,
  regenerateMyRecoveryCodes,
  resetMemberMfa,
  setMfaPolicy,
  startEnrollment,
  startLoginEnrollment,
} from "@atrium/core/mfa";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, permissionProcedure, publicProcedure } from "../trpc/procedures.ts";
import { ZPlatformRole, ZOk } from "./schemas.ts";

const ZCode = z.string().trim().min(6).max(32);
const ZChallenge = z.string().regex(/^[a-z2-7]{32}$/);
const ZEnrollment = z.object({ uri: z.string(), manualKey: z.string() });
const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
const ZUser = z.object({ id: z.uuid(), email: z.string(), name: z.string(), platformRole: ZPlatformRole.nullable() });
const ok = { ok: true as const };

/** The second step of sign-in: public, authenticated by the challenge from auth.login. */
const challengeRouter = router({
  verify: publicProcedure
    .input(z.object({ challenge: ZChallenge, code: ZCode }))
    .output(z.object({ user: ZUser, recoveryCodesLeft: z.number().int().optional() }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user, recoveryCodesLeft } = await completeMfaLogin(ctx.db, input, ctx.meta);
      ctx.cookies.set(ctx.res, token, expiresAt);
      return { user, ...(recoveryCodesLeft !== undefined ? { recoveryCodesLeft } : {}) };
    }),

  enrollStart: publicProcedure
    .input(z.object({ challenge: ZChallenge }))
    .output(ZEnrollment)
    .mutation(({ ctx, input }) => startLoginEnrollment(ctx.db, input.challenge)),

  enrollConfirm: publicProcedure
    .input(z.object({ challenge: ZChallenge, code: ZCode }))
    .output(ZRecoveryCodes.extend({ user: ZUser }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user, recoveryCodes } = await completeLoginEnrollment(ctx.db, input, ctx.meta);
      ctx.cookies.set(ctx.res, token, expiresAt);
      return { user, recoveryCodes };
    }),
});

export const mfaRouter = router({
  challenge: challengeRouter,

  status: authedProcedure
    .output(z.object({ enabled: z.boolean(), enabledAt: z.date().nullable(), recoveryCodesLeft: z.number().int(), sessionVerified: z.boolean() }))
    .query(async ({ ctx }) => ({ ...(await mfaStatus(ctx.db, ctx.user.id)), sessionVerified: ctx.session.mfaVerifiedAt !== null })),

  enrollStart: authedProcedure.output(ZEnrollment).mutation(({ ctx }) => startEnrollment(ctx.db, ctx.user)),

  /** The recovery codes are in this response only. */
  enrollConfirm: authedProcedure
    .input(z.object({ code: ZCode }))
    .output(ZRecoveryCodes)
    .mutation(async ({ ctx, input }) => ({ recoveryCodes: await confirmMyEnrollment(ctx.db, ctx.actor, ctx.session.id, input.code) })),

  regenerateRecoveryCodes: authedProcedure
    .input(z.object({ code: ZCode }))
    .output(ZRecoveryCodes)
    .mutation(async ({ ctx, input }) => ({ recoveryCodes: await regenerateMyRecoveryCodes(ctx.db, ctx.actor, input.code) })),

  disable: authedProcedure
    .input(z.object({ code: ZCode }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await disableMyMfa(ctx.db, ctx.actor, input.code);
      return ok;
    }),

  policy: permissionProcedure("security:read")
    .output(z.object({ required: z.boolean(), updatedAt: z.date().nullable() }))
    .query(({ ctx }) => getMfaPolicy(ctx.db, ctx.access.organization.id)),

  setPolicy: permissionProcedure("security:update_mfa_policy")
    .input(z.object({ required: z.boolean() }))
    .output(z.object({ required: z.boolean(), updatedAt: z.date().nullable() }))
    .mutation(({ ctx, input }) => setMfaPolicy(ctx.db, ctx.actor, ctx.access.organization.id, input.required)),

  members: permissionProcedure("members:read")
    .output(
      z.array(
        z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: z.string(), mfaEnabled: z.boolean(), enabledAt: z.date().nullable() }),
      ),
    )
    .query(({ ctx }) => listMemberMfa(ctx.db, ctx.access.organization.id)),

  resetMember: permissionProcedure("members:reset_mfa")
    .input(z.object({ userId: z.uuid() }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await resetMemberMfa(ctx.db, ctx.actor, ctx.access, input.userId);
      return ok;
    }),
});
