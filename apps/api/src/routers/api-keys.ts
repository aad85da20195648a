import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "@atrium/core/api-keys";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCredentialListing, ZIssuedSecret, ZPermissionName, ZOk, ok } from "./schemas.ts";

export const apiKeysRouter = router({
  list: permissionProcedure("api_keys:read")
    .output(
      z.array(ZCredentialListing.extend({ permissions: z.array(z.string()), createdBy: z.object({ name: z.string() }).nullable() })),
    )
    .query(({ ctx }) => listApiKeys(ctx.db, ctx.access.organization.id)),

  /** The secret is in this response only. */
  create: permissionProcedure("api_keys:create")
    .input(
      z.object({
        name: z.string().trim().min(1).max(100),
        permissions: z.array(ZPermissionName).min(1).max(200),
        expiresAt: z.date().nullable().default(null),
      }),
    )
    .output(ZIssuedSecret.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, ctx.access, ctx.changer().permissions, input)),

  rotate: permissionProcedure("api_keys:rotate")
    .input(z.object({ keyId: z.uuid() }))
    .output(ZIssuedSecret)
    .mutation(({ ctx, input }) => rotateApiKey(ctx.db, ctx.actor, ctx.access.organization.id, input.keyId)),

  revoke: permissionProcedure("api_keys:revoke")
    .input(z.object({ keyId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeApiKey(ctx.db, ctx.actor, ctx.access.organization.id, input.keyId))),
});
