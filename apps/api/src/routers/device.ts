import { decideDeviceAuthorization, lookupDeviceAuthorization } from "@atrium/core/device";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure } from "../trpc/procedures.ts";
import { ZOk, ok } from "./schemas.ts";

const ZUserCode = z.string().trim().min(8).max(16);

/** The /device page: a signed-in person looks up a user code and approves it for one organization, or denies it. */
export const deviceRouter = router({
  lookup: authedProcedure
    .input(z.object({ userCode: ZUserCode }))
    .output(
      z.object({
        userCode: z.string(),
        client: z.object({ id: z.string(), name: z.string() }),
        scopes: z.array(z.string()),
        expiresAt: z.date(),
        requestedFromIp: z.string().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => lookupDeviceAuthorization(ctx.db, ctx.actor, ctx.user.id, input.userCode)),

  decide: authedProcedure
    .input(z.object({ userCode: ZUserCode, orgId: z.uuid().nullable(), approve: z.boolean() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(decideDeviceAuthorization(
        ctx.db,
        ctx.actor,
        { userId: ctx.user.id, mfaVerifiedAt: ctx.session.mfaVerifiedAt },
        { userCode: input.userCode, organizationId: input.orgId, approve: input.approve },
      ))),
});
