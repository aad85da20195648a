import { z } from "zod";

export const ZBillingSearch = z.object({
  checkout: z.enum(["success", "cancelled"]).optional().catch(undefined),
  session_id: z.string().max(200).optional().catch(undefined),
  metric: z.enum(["api_calls", "operations", "storage_bytes", "seats"]).default("api_calls").catch("api_calls"),
  days: z.coerce.number().int().pipe(z.union([z.literal(30), z.literal(90), z.literal(180)])).default(90).catch(90),
  invoiceStatus: z.enum(["all", "open", "paid", "overdue"]).default("all").catch("all"),
  invoiceSort: z.enum(["newest", "oldest", "amount"]).default("newest").catch("newest"),
});
export type TBillingSearch = z.infer<typeof ZBillingSearch>;
