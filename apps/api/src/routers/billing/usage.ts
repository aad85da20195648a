/** Metered usage (`billing.usage.*`): quotas, daily series, the consolidated view over child organizations, and recording usage. */
import { consolidatedBilling, meteredQuotas, recordUsage, usageSeries, ZUsageDimensions } from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZCurrency, ZMetric } from "./schemas.ts";

const ZQuota = z.object({ metric: ZMetric, label: z.string(), used: z.bigint(), limit: z.number().nullable(), softLimit: z.number().nullable(), status: z.enum(["ok", "warn", "full"]) });

export const usageRouter = router({
  quotas: permissionProcedure("quotas:read")
    .output(z.array(ZQuota))
    .query(({ ctx }) => meteredQuotas(ctx.db, ctx.access.organization.id)),

  series: permissionProcedure("usage:read")
    .input(z.object({ days: z.number().int().min(7).max(366).default(90) }))
    .output(z.array(z.object({ day: z.string(), metric: ZMetric, quantity: z.bigint() })))
    .query(({ ctx, input }) => usageSeries(ctx.db, ctx.access.organization.id, input.days)),

  consolidated: permissionProcedure("usage:read")
    .input(z.object({ days: z.number().int().min(1).max(366).default(30) }))
    .output(
      z.object({
        from: z.string(),
        to: z.string(),
        rows: z.array(
          z.object({
            organizationId: z.uuid(),
            name: z.string(),
            depth: z.number().int(),
            parentId: z.uuid().nullable(),
            payerOrganizationId: z.uuid(),
            usage: z.record(ZMetric, z.bigint()),
            costMinor: z.partialRecord(ZCurrency, z.bigint()),
          }),
        ),
        totals: z.object({ usage: z.record(ZMetric, z.bigint()), costMinor: z.partialRecord(ZCurrency, z.bigint()) }),
      }),
    )
    .query(({ ctx, input }) => {
      const to = new Date();
      return consolidatedBilling(ctx.db, ctx.access.organization.id, { from: new Date(to.getTime() - (input.days - 1) * 86_400_000), to });
    }),

  /** Report metered usage (an API key with usage:record, typically). The idempotency key makes retries safe. */
  record: permissionProcedure("usage:record")
    .input(z.object({ metric: ZMetric, quantity: z.bigint().min(0n).max(10n ** 12n), idempotencyKey: z.string().min(1).max(200), occurredAt: z.date().optional(), ...ZUsageDimensions.shape }))
    .output(z.object({ recorded: z.boolean(), duplicate: z.boolean(), used: z.bigint(), limit: z.number().nullable(), status: z.enum(["ok", "warn", "full"]) }))
    .mutation(({ ctx, input }) => recordUsage(ctx.db, ctx.actor, ctx.access.organization.id, input, { publicUrl: ctx.env.ATRIUM_PUBLIC_URL })),
});
