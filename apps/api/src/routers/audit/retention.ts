import { auditPurgePreview, listHolds, listRetention, placeHold, releaseHold, setRetention } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZOk, ok } from "../schemas.ts";

const ZDataType = z.enum(["audit_events", "email_outbox", "audit_exports"]);

export const retentionRouter = router({
  policies: permissionProcedure("retention:read")
    .output(z.array(z.object({ dataType: ZDataType, days: z.number().int(), custom: z.boolean(), defaultDays: z.number().int(), maxDays: z.number().int(), updatedAt: z.date().nullable() })))
    .query(({ ctx }) => listRetention(ctx.db, ctx.access.organization.id)),

  /** How many audit events the next purge would delete if they were kept for `days` (asked before shortening). */
  purgePreview: permissionProcedure("retention:read")
    .input(z.object({ days: z.number().int().min(1).max(3650) }))
    .output(z.object({ events: z.number().int(), held: z.number().int() }))
    .query(({ ctx, input }) => auditPurgePreview(ctx.db, ctx.access.organization.id, input.days)),

  /** days null: back to the plan's default. */
  setPolicy: permissionProcedure("retention:update")
    .input(z.object({ dataType: ZDataType, days: z.number().int().min(1).max(3650).nullable() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(setRetention(ctx.db, ctx.actor, ctx.access.organization.id, input.dataType, input.days))),

  holds: permissionProcedure("retention:read")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          reason: z.string(),
          actorId: z.string().nullable(),
          fromAt: z.date().nullable(),
          toAt: z.date().nullable(),
          createdAt: z.date(),
          releasedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listHolds(ctx.db, ctx.access.organization.id)),

  placeHold: permissionProcedure("retention:place_hold")
    .input(
      z
        .object({
          name: z.string().trim().min(1).max(200),
          reason: z.string().trim().min(1).max(2000),
          actorId: z.string().max(200).nullable().default(null),
          from: z.coerce.date().nullable().default(null),
          to: z.coerce.date().nullable().default(null),
        })
        .refine((h) => !h.from || !h.to || h.from < h.to, { message: "The hold must end after it starts", path: ["to"] }),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => placeHold(ctx.db, ctx.actor, ctx.access.organization.id, input)),

  releaseHold: permissionProcedure("retention:release_hold")
    .input(z.object({ holdId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(releaseHold(ctx.db, ctx.actor, ctx.access.organization.id, input.holdId))),
});
