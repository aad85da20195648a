/**
 * The organization's contract (`billing.contract.*`): its terms for anyone with
 * contracts:read, its prices only with contracts:read_pricing (so `get` answers
 * `pricing: null`). Staff write contracts under `staff.billing.contracts`.
 */
import { tenantContract } from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZCurrency } from "./schemas.ts";

export const contractRouter = router({
  get: permissionProcedure("contracts:read")
    .output(
      z
        .object({
          id: z.uuid(),
          name: z.string(),
          status: z.enum(["active", "expired", "cancelled", "renewal_pending"]),
          currency: ZCurrency,
          seats: z.number().int(),
          startDate: z.date(),
          endDate: z.date(),
          renewalDate: z.date(),
          daysToRenewal: z.number().int(),
          paymentTerms: z.string(),
          billingCycle: z.string(),
          poNumber: z.string().nullable(),
          sla: z.object({ uptimePercent: z.number().nullable(), p99LatencyMs: z.number().int().nullable(), supportLevel: z.string() }),
          csmName: z.string().nullable(),
          accountExecutiveName: z.string().nullable(),
          pricing: z.null(),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const contract = await tenantContract(ctx.db, ctx.access.organization.id, false);
      return contract && { ...contract, pricing: null };
    }),

  pricing: permissionProcedure("contracts:read_pricing")
    .output(
      z
        .object({
          currency: ZCurrency,
          annualValueMinor: z.bigint(),
          seatPriceMinor: z.bigint(),
          committedAmountMinor: z.bigint(),
          usagePrices: z.record(z.string(), z.object({ unitAmountMinor: z.number(), unitSize: z.number() })),
          volumeTiers: z.array(z.object({ metric: z.string(), upTo: z.number().nullable(), unitAmountMinor: z.number(), unitSize: z.number() })),
        })
        .nullable(),
    )
    .query(async ({ ctx }) => {
      const contract = await tenantContract(ctx.db, ctx.access.organization.id, true);
      return contract?.pricing ? { currency: contract.currency, ...contract.pricing } : null;
    }),
});
