import { z } from "zod";

export type Currency = "usd" | "eur" | "gbp";
export { formatMoney } from "@atrium/ui";

/** "1234.5" typed in a form → 123450n; null when it is not an amount with at most two decimals. */
export function parseMajor(value: string): bigint | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value.trim().replace(/,/g, ""));
  return m ? BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0")) : null;
}
export const minorToMajor = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
export { formatDate } from "@atrium/ui";

export const ZContractsSearch = z.object({
  status: z.enum(["active", "expired", "cancelled", "renewal_pending"]).optional().catch(undefined),
  renewal: z.coerce.number().int().pipe(z.union([z.literal(30), z.literal(60), z.literal(90)])).optional().catch(undefined),
});
export const ZInvoicesSearch = z.object({
  status: z.enum(["open", "paid", "void", "uncollectible"]).optional().catch(undefined),
  overdue: z.coerce.boolean().optional().catch(undefined),
  sort: z.enum(["issued", "due", "amount"]).optional().catch(undefined),
});
