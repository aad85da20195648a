import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "@atrium/core/api-keys";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZPermissionName, ZOk, ok } from "./schemas.ts";

const ZSecret = z.object({ token: z.string(), prefix: z.string() });

export const apiKeysRouter = router({
  list: permissionProcedure("api_keys:read")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          prefix: z.string(),
          permissions: z.array(z.string()),
          expiresAt: z.date().nullable(),
          lastUsedAt: z.date().nullable(),
          lastUsedIp: z.string().nullable(),
          revokedAt: z.date().nullable(),
          createdAt: z.date(),
          createdBy: z.object({ name: z.string() }).nullable(),
        }),
      ),
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
    .output(ZSecret.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, ctx.access, ctx.changer().permissions, input)),

  rotate: permissionProcedure("api_keys:rotate")
    .input(z.object({ keyId: z.uuid() }))
    .output(ZSecret)
    .mutation(({ ctx, input }) => rotateApiKey(ctx.db, ctx.actor, ctx.access.organization.id, input.keyId)),

  revoke: permissionProcedure("api_keys:revoke")
    .input(z.object({ keyId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeApiKey(ctx.db, ctx.actor, ctx.access.organization.id, input.keyId))),
});
