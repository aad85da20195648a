import { loginWithPassword, logout } from "@atrium/core/auth";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, publicProcedure } from "../trpc/procedures.ts";
import { ZPlatformRole } from "./schemas.ts";

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

  logout: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.session.id, ctx.user, ctx.meta);
    ctx.cookies.clear(ctx.res);
    return { ok: true as const };
  }),

  me: authedProcedure.output(z.object({ user: ZUser })).query(({ ctx }) => ({ user: ctx.user })),
});
