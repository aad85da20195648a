import { loginWithPassword, logout } from "@atrium/core";
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
    .output(z.object({ user: ZUser }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user } = await loginWithPassword(ctx.db, input, ctx.meta);
      ctx.cookies.set(ctx.res, token, expiresAt);
      return { user };
    }),

  logout: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.session.id, ctx.user, ctx.meta);
    ctx.cookies.clear(ctx.res);
    return { ok: true as const };
  }),

  me: authedProcedure.output(z.object({ user: ZUser })).query(({ ctx }) => ({ user: ctx.user })),
});
