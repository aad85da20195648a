import { deleteStream, getStream, rotateStreamSecret, saveStream } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZOk, ok } from "../schemas.ts";

const ZKind = z.enum(["splunk_hec", "datadog", "generic"]);

const ZStatus = z.object({
  id: z.uuid(),
  kind: ZKind,
  url: z.string(),
  enabled: z.boolean(),
  batchSize: z.number().int(),
  credentialKeyId: z.string(),
  cursorSeq: z.number().int(),
  headSeq: z.number().int(),
  lagEvents: z.number().int(),
  lagSeconds: z.number().int(),
  deliveredEvents: z.number().int(),
  lastSuccessAt: z.date().nullable(),
  lastAttemptAt: z.date().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  failures: z.array(z.object({ id: z.uuid(), at: z.date(), fromSeq: z.number().int(), toSeq: z.number().int(), attempt: z.number().int(), error: z.string() })),
});

export const streamsRouter = router({
  /** The destination and its delivery status (null when none is configured). */
  get: permissionProcedure("audit:manage_streaming")
    .output(ZStatus.nullable())
    .query(({ ctx }) => getStream(ctx.db, ctx.access.organization.id)),

  /** Creates or replaces the destination; a generic destination's signing secret is in the answer once. */
  save: permissionProcedure("audit:manage_streaming")
    .input(
      z.object({
        kind: ZKind,
        url: z.url({ protocol: /^https?$/ }).max(2000),
        credential: z.string().trim().min(8).max(500).nullable().default(null),
        enabled: z.boolean().default(true),
        batchSize: z.number().int().min(1).max(5000).default(500),
        backfill: z.boolean().default(false),
      }),
    )
    .output(z.object({ secret: z.string().nullable() }))
    .mutation(({ ctx, input: { orgId: _orgId, ...input } }) => saveStream(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  delete: permissionProcedure("audit:manage_streaming")
    .output(ZOk)
    .mutation(({ ctx }) => ok(deleteStream(ctx.db, ctx.actor, ctx.access.organization.id))),

  rotateSecret: permissionProcedure("audit:manage_streaming")
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx }) => rotateStreamSecret(ctx.db, ctx.actor, ctx.access.organization.id)),
});
