/** Output schemas shared by the billing routers (tenant and staff). */
import { USAGE_METRICS } from "@atrium/core/billing";
import { z } from "zod";

export const ZCurrency = z.enum(["usd", "eur", "gbp"]);
export const ZMetric = z.enum(USAGE_METRICS);

/** What a list row and the detail of an invoice both show. */
const ZInvoiceBase = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  organizationId: z.uuid(),
  payerOrganizationId: z.uuid(),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: ZCurrency,
  totalMinor: z.bigint(),
  amountPaidMinor: z.bigint(),
  periodStart: z.date(),
  periodEnd: z.date(),
  issuedAt: z.date().nullable(),
  dueDate: z.date().nullable(),
  poNumber: z.string().nullable(),
});

export const ZInvoiceRow = ZInvoiceBase.extend({
  organizationName: z.string(),
  source: z.enum(["contract", "stripe", "manual"]),
  paidAt: z.date().nullable(),
  overdue: z.boolean(),
});

export const ZInvoiceDetail = ZInvoiceBase.extend({
  subtotalMinor: z.bigint(),
  taxMinor: z.bigint(),
  paymentTerms: z.string(),
  organizationNames: z.record(z.string(), z.string()),
  lines: z.array(
    z.object({
      organizationId: z.uuid(),
      kind: z.string(),
      description: z.string(),
      metric: ZMetric.nullable(),
      quantity: z.bigint(),
      unitAmountMinor: z.bigint(),
      unitSize: z.number().int(),
      amountMinor: z.bigint(),
    }),
  ),
});
