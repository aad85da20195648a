import { listMySessions, revokeMemberSessions, revokeMyOtherSessions, revokeMySession } from "@atrium/core/sessions";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, permissionProcedure } from "../trpc/procedures.ts";
import { ZOk } from "./schemas.ts";

const ZCounts = z.object({ sessions: z.number().int(), deviceTokens: z.number().int() });
const ZKind = z.enum(["browser", "device"]);

export const sessionsRouter = router({
  list: authedProcedure
    .output(
      z.array(
        z.object({
          kind: ZKind,
          id: z.uuid(),
          createdAt: z.date(),
          lastSeenAt: z.date().nullable(),
          expiresAt: z.date(),
          ip: z.string().nullable(),
          userAgent: z.string().nullable(),
          mfa: z.boolean(),
          current: z.boolean(),
          client: z.string().nullable(),
          organization: z.object({ id: z.uuid(), name: z.string() }).nullable(),
          scopes: z.array(z.string()),
          prefix: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listMySessions(ctx.db, ctx.user.id, ctx.session.id)),

  revoke: authedProcedure
    .input(z.object({ kind: ZKind, id: z.uuid() }))
    .output(ZOk.extend({ signedOut: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await revokeMySession(ctx.db, ctx.actor, ctx.user.id, input);
      const signedOut = input.kind === "browser" && input.id === ctx.session.publicId;
      if (signedOut) ctx.cookies.clear(ctx.res);
      return { ok: true as const, signedOut };
    }),

  revokeOthers: authedProcedure
    .output(ZCounts)
    .mutation(({ ctx }) => revokeMyOtherSessions(ctx.db, ctx.actor, ctx.user.id, ctx.session.id)),

  /** An admin signs a member out everywhere (browser sessions and device tokens). */
  revokeMember: permissionProcedure("members:revoke_sessions")
    .input(z.object({ userId: z.uuid() }))
    .output(ZCounts)
    .mutation(({ ctx, input }) => revokeMemberSessions(ctx.db, ctx.actor, ctx.access, input.userId)),
});
