import { loginWithPassword, logout, MIN_PASSWORD_LENGTH, requestPasswordReset, resetPassword } from "@atrium/core/auth";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, publicProcedure } from "../trpc/procedures.ts";
import { ZPlatformRole, ZOk, ok } from "./schemas.ts";

export const ZLoginInput = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

const ZUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  platformRole: ZPlatformRole.nullable(),
});

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(
      z.object({
        user: ZUser,
        /** Set when a second factor must be passed (mfa.challenge.*) before there is a session. */
        mfa: z.object({ challenge: z.string(), mode: z.enum(["verify", "enroll"]), expiresAt: z.date() }).nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await loginWithPassword(ctx.db, input, ctx.meta);
      if (result.mfa) return { user: result.user, mfa: result.mfa };
      ctx.cookies.set(ctx.res, result.token, result.expiresAt);
      return { user: result.user, mfa: null };
    }),

  logout: authedProcedure.output(ZOk).mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.session.id, ctx.user, ctx.meta);
    ctx.cookies.clear(ctx.res);
    return { ok: true as const };
  }),

  /** "Forgot password": the same answer for every address (429 only when asked too often). */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: z.email({ error: "Enter your work e-mail address." }).max(320, { error: "An e-mail address has at most 320 characters." }) }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(requestPasswordReset(ctx.db, input, ctx.meta, { publicUrl: ctx.env.ATRIUM_PUBLIC_URL }))),

  /** Sets a new password with the e-mailed token; every session of the person ends. */
  resetPassword: publicProcedure
    .input(
      z.object({
        token: z.string().max(64),
        password: z
          .string()
          .min(MIN_PASSWORD_LENGTH, { error: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.` })
          .max(1024, { error: "A password has at most 1,024 characters." }),
      }),
    )
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input, ctx.meta)),

  me: authedProcedure.output(z.object({ user: ZUser })).query(({ ctx }) => ({ user: ctx.user })),
});
