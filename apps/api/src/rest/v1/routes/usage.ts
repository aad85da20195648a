/**
 * POST /v1/usage — the product reports metered usage, 1 to 500 items, each
 * through billing's own metering (core reportProductUsage → meterUsage): the
 * same monthly quotas, warnings at 80 % and 100 %, daily rollups and audit
 * records as any usage, so the consoles show it at once.
 *
 * The answer is always 200 with one result per item, in order: a batch is
 * not one outcome, and a product retrying "the batch" after a 402 would
 * double-count the items that were accepted. An item over the plan's hard
 * limit gets `quota_exceeded` (code `payment_required`, the 402 of that item)
 * with the month's usage and the limit; nothing of it is recorded. An item
 * naming an organization that does not exist is `invalid`. Each item's
 * `idempotencyKey` makes a resend a `duplicate`; the request's
 * Idempotency-Key header replays the whole first answer. An item may name its
 * operation, status, duration and resource (analytics dimensions, core's
 * ZUsageDimensions); they do not change what is metered.
 */
import { PRODUCT_USAGE_METRICS, reportProductUsage } from "@atrium/core/applications";
import { ZUsageDimensions } from "@atrium/core/billing";
import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES } from "../schemas.ts";

const ZUsageItem = z
  .object({
    organizationId: z.uuid(),
    metric: z.enum(PRODUCT_USAGE_METRICS).meta({ description: "Counters add up over the month; storage_bytes is a gauge (the month's peak counts)" }),
    quantity: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    timestamp: z.iso.datetime().optional().meta({ description: "When it happened; now when absent. It decides the month it counts in" }),
    idempotencyKey: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).optional().meta({ description: "The same key for the same organization is metered once; absent, every send counts" }),
    ...ZUsageDimensions.shape,
  })
  .meta({ id: "UsageItem" });

export const ZUsageBody = z.object({ items: z.array(ZUsageItem).min(1).max(500) }).meta({ id: "UsageRequest" });

const ZUsageResult = z
  .discriminatedUnion("status", [
    z.object({
      status: z.enum(["accepted", "duplicate"]),
      used: z.number().int().meta({ description: "The month's usage of the metric after this item" }),
      limit: z.number().int().nullable().meta({ description: "The plan's monthly hard limit; null: unlimited" }),
      quota: z.enum(["ok", "warn", "full"]),
    }),
    z.object({
      status: z.literal("quota_exceeded"),
      code: z.literal("payment_required"),
      used: z.number().int().meta({ description: "The month's usage, which this item would have passed the limit from" }),
      limit: z.number().int(),
      message: z.string(),
    }),
    z.object({ status: z.literal("invalid"), code: z.literal("organization_not_found"), message: z.string() }),
  ])
  .meta({ id: "UsageResult" });

export const ZUsageResponse = z.object({ results: z.array(ZUsageResult) }).meta({ id: "UsageResponse" });

export function registerUsage(app: FastifyInstance, { db, publicUrl }: { db: Db; publicUrl: string }) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/usage",
    {
      schema: {
        operationId: "reportUsage",
        summary: "Report metered usage",
        description: "Up to 500 items, answered in order: accepted, duplicate, quota_exceeded (the 402 of that item), or invalid. Always 200.",
        tags: ["Usage"],
        body: ZUsageBody,
        response: { 200: ZUsageResponse, ...ERROR_RESPONSES, 403: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (req) => {
      const items = req.body.items.map((i) => ({ ...i, timestamp: i.timestamp ? new Date(i.timestamp) : undefined }));
      const results = await reportProductUsage(db, applicationActor(req), { id: req.application!.id, slug: req.application!.slug }, items, { publicUrl });
      return { results };
    },
  );
}
