/** Output schemas shared by the billing routers (tenant and staff). */
import { USAGE_METRICS } from "@atrium/core/billing";
import { z } from "zod";

export const ZCurrency = z.enum(["usd", "eur", "gbp"]);
export const ZMetric = z.enum(USAGE_METRICS);

export const ZInvoiceRow = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  payerOrganizationId: z.uuid(),
  source: z.enum(["contract", "stripe", "manual"]),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: ZCurrency,
  totalMinor: z.bigint(),
  amountPaidMinor: z.bigint(),
  periodStart: z.date(),
  periodEnd: z.date(),
  issuedAt: z.date().nullable(),
  dueDate: z.date().nullable(),
  paidAt: z.date().nullable(),
  overdue: z.boolean(),
  poNumber: z.string().nullable(),
});

export const ZInvoiceDetail = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: ZCurrency,
  subtotalMinor: z.bigint(),
  taxMinor: z.bigint(),
  totalMinor: z.bigint(),
  amountPaidMinor: z.bigint(),
  periodStart: z.date(),
  periodEnd: z.date(),
  issuedAt: z.date().nullable(),
  dueDate: z.date().nullable(),
  poNumber: z.string().nullable(),
  paymentTerms: z.string(),
  organizationId: z.uuid(),
  payerOrganizationId: z.uuid(),
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
