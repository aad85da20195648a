/**
 * Platform staff manage an application's webhook endpoints and read their
 * delivery log (CSM portal → Applications → an application → Webhooks):
 * every staff role reads (applications:read); super admins add, change,
 * rotate and reveal secrets and replay deliveries (applications:manage).
 * A secret is in the create, rotate and reveal responses only. Each mutation
 * is audited on the platform log by core.
 */
import {
  createEndpoint,
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  listDeliveries,
  listEndpoints,
  replayDelivery,
  revealEndpointSecret,
  rotateEndpointSecret,
  updateEndpoint,
} from "@atrium/core/events";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZOk } from "../schemas.ts";

const ZUrl = z.url({ protocol: /^https?$/, error: "Enter a full https:// URL" }).max(2000);
const ZDescription = z.string().trim().max(500, "Keep the description under 500 characters");
const ZEventTypes = z.array(z.enum(EVENT_TYPE_NAMES)).max(EVENT_TYPE_NAMES.length);
const ZEndpointFields = z.object({ url: ZUrl, description: ZDescription.default(""), eventTypes: ZEventTypes.default([]), enabled: z.boolean().default(true) });
/** An update changes only the fields it names (no defaults, which would reset the others). */
const ZEndpointPatch = z.object({ url: ZUrl.optional(), description: ZDescription.optional(), eventTypes: ZEventTypes.optional(), enabled: z.boolean().optional() });

const ZApplicationId = z.object({ applicationId: z.uuid() });
const ZEndpointRef = ZApplicationId.extend({ endpointId: z.uuid() });

const ZEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  previousSecretExpiresAt: z.date().nullable(),
  pendingDeliveries: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ZDelivery = z.object({
  id: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  organizationId: z.uuid(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  log: z.array(
    z.object({
      attempt: z.number().int(),
      statusCode: z.number().int().nullable(),
      durationMs: z.number().int(),
      responseExcerpt: z.string().nullable(),
      error: z.string().nullable(),
      attemptedAt: z.date(),
    }),
  ),
});

/** How long the previous secret keeps signing beside the new one after a rotation. */
export const SECRET_OVERLAPS = { now: 0, "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;

const ok = { ok: true as const };

export const webhooksRouter = router({
  /** The event catalogue, for the endpoint form's type filter. */
  eventTypes: staffPermissionProcedure("applications:read")
    .output(z.array(z.object({ type: z.string(), description: z.string() })))
    .query(() => Object.entries(EVENT_TYPES).map(([type, description]) => ({ type, description }))),

  endpoints: router({
    list: staffPermissionProcedure("applications:read")
      .input(ZApplicationId)
      .output(z.array(ZEndpoint))
      .query(({ ctx, input }) => listEndpoints(ctx.db, input.applicationId)),

    /** The signing secret is in this response (and rotate's, and reveal's) only. */
    create: staffPermissionProcedure("applications:manage")
      .input(ZApplicationId.extend(ZEndpointFields.shape))
      .output(z.object({ id: z.uuid(), secret: z.string() }))
      .mutation(({ ctx, input: { applicationId, ...fields } }) => createEndpoint(ctx.db, ctx.actor, applicationId, fields)),

    update: staffPermissionProcedure("applications:manage")
      .input(ZEndpointRef.extend(ZEndpointPatch.shape))
      .output(ZOk)
      .mutation(async ({ ctx, input: { applicationId, endpointId, ...patch } }) => {
        await updateEndpoint(ctx.db, ctx.actor, applicationId, endpointId, patch);
        return ok;
      }),

    rotateSecret: staffPermissionProcedure("applications:manage")
      .input(ZEndpointRef.extend({ previousSecret: z.enum(Object.keys(SECRET_OVERLAPS) as [keyof typeof SECRET_OVERLAPS]).default("24h") }))
      .output(z.object({ secret: z.string(), previousSecretExpiresAt: z.date().nullable() }))
      .mutation(({ ctx, input }) => rotateEndpointSecret(ctx.db, ctx.actor, input.applicationId, input.endpointId, SECRET_OVERLAPS[input.previousSecret])),

    /** A mutation, not a query: every reveal is audited. */
    revealSecret: staffPermissionProcedure("applications:manage")
      .input(ZEndpointRef)
      .output(z.object({ secret: z.string() }))
      .mutation(({ ctx, input }) => revealEndpointSecret(ctx.db, ctx.actor, input.applicationId, input.endpointId)),
  }),

  deliveries: router({
    list: staffPermissionProcedure("applications:read")
      .input(ZEndpointRef.extend({ limit: z.number().int().min(1).max(200).default(50) }))
      .output(z.array(ZDelivery))
      .query(({ ctx, input }) => listDeliveries(ctx.db, input.applicationId, input.endpointId, input.limit)),

    replay: staffPermissionProcedure("applications:manage")
      .input(ZApplicationId.extend({ deliveryId: z.uuid() }))
      .output(ZOk)
      .mutation(async ({ ctx, input }) => {
        await replayDelivery(ctx.db, ctx.actor, input.applicationId, input.deliveryId);
        return ok;
      }),
  }),
});
